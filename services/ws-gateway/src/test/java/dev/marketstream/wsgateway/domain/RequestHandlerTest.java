package dev.marketstream.wsgateway.domain;

import static dev.marketstream.wsgateway.support.FakeGateway.alert;
import static dev.marketstream.wsgateway.support.FakeGateway.notification;
import static dev.marketstream.wsgateway.support.FakeGateway.portfolio;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ErrorCode;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.wsgateway.support.FakeConnectionSink;
import dev.marketstream.wsgateway.support.FakeEventHistory;
import dev.marketstream.wsgateway.support.FakeGateway;
import dev.marketstream.wsgateway.support.FakePersistentSubscriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves each request of the protocol against fakes of the stores, with frames compared as they go on the wire: the
 * acknowledgement and what follows it (snapshots, live updates, user events), each refusal with its code and field,
 * and a resume that restores subscriptions and replays missed events in order, once each, before live ones.
 */
class RequestHandlerTest {

    static final String SERVER_TIME = String.valueOf(FakeGateway.SERVER_TIME);

    final FakeGateway gateway = new FakeGateway();
    final FakeGateway.Connection connection = gateway.session("c1", "u1", "s1");
    final ClientSession session = connection.session();
    final FakeConnectionSink sink = connection.sink();
    final List<ProtocolException> rejected = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    final RequestHandler.Outcomes outcomes = new RequestHandler.Outcomes() {
        @Override
        public void reject(ClientSession rejecting, ProtocolException problem) {
            rejected.add(problem);
        }

        @Override
        public void changed(ClientSession changing, String what) {
            changes.add(what);
        }
    };

    RequestHandlerTest() {
        gateway.snapshots.know("AAPL", "MSFT", "TSLA", "NVDA");
    }

    void send(String frame) {
        gateway.requests.handle(session, gateway.parse(frame), outcomes);
    }

    /** The one refusal so far. */
    ProtocolException refusal() {
        assertThat(rejected).hasSize(1);
        return rejected.get(0);
    }

    /** Checks the one refusal so far; returns it for more checks. */
    ProtocolException assertRefused(ErrorCode code, String field, String message) {
        ProtocolException problem = refusal();
        assertThat(problem).extracting(ProtocolException::code, ProtocolException::field, ProtocolException::getMessage)
                .containsExactly(code, field, message);
        return problem;
    }

    // ---- market data ----

    @Test
    void subscribeMarketDataAcknowledgesThenSendsTheSnapshotThenLiveUpdates() {
        gateway.snapshots.store(gateway.price("AAPL", "100"));
        send("{\"event\":\"subscribe_market_data\",\"request_id\":\"s1\",\"data\":{\"symbols\":[\"AAPL\"]}}");
        gateway.publish(gateway.price("AAPL", "101"));

        String ack = "{\"stream\":\"market_data\",\"symbols\":[\"AAPL\"],\"data_types\":[\"price\"]}";
        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"subscribed\",\"stream\":\"control\",\"seq\":1,\"request_id\":\"s1\",\"data\":" + ack + "}",
                "{\"event\":\"market_data\",\"stream\":\"AAPL:price\",\"seq\":0,\"snapshot\":true,\"data\":{\"symbol\":\"AAPL\",\"price\":100}}",
                "{\"event\":\"market_data\",\"stream\":\"AAPL:price\",\"seq\":1,\"data\":{\"symbol\":\"AAPL\",\"price\":101}}");
        assertThat(gateway.journal.calls()).containsExactly("subscribed c1 market_data " + ack);
        assertThat(changes).containsExactly("subscribed market_data");
        assertThat(gateway.index.subscribers(new StreamKey("AAPL", DataType.PRICE)).get(gateway.lane)).containsExactly(session.marketSubscription(new StreamKey("AAPL", DataType.PRICE)));
        assertThat(rejected).isEmpty();
    }

    @Test
    void echoesMaxFrequencyAndDataTypesInTheAcknowledgement() {
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"],\"data_types\":[\"price\",\"volume\"],\"max_frequency\":5}}");

        assertThat(sink.frames().get(0)).isEqualTo("{\"event\":\"subscribed\",\"stream\":\"control\",\"seq\":1,\"data\":{\"stream\":"
                + "\"market_data\",\"symbols\":[\"AAPL\"],\"data_types\":[\"price\",\"volume\"],\"max_frequency\":5}}");
        assertThat(session.state().market()).containsExactly(
                new SessionState.MarketStream("AAPL", "price", 5), new SessionState.MarketStream("AAPL", "volume", 5));
    }

    @Test
    void aNewMaxFrequencyReplacesTheSubscriptionTheFanOutDeliversTo() {
        StreamKey aapl = new StreamKey("AAPL", DataType.PRICE);
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}");
        gateway.publish(gateway.price("AAPL", "101"));
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"],\"max_frequency\":5}}");
        gateway.publish(gateway.price("AAPL", "102"));

        assertThat(gateway.index.subscribers(aapl).get(gateway.lane)).as("only the new subscription is in the index")
                .containsExactly(session.marketSubscription(aapl));
        assertThat(session.state().market()).containsExactly(new SessionState.MarketStream("AAPL", "price", 5));
        assertThat(sink.stream("AAPL:price")).as("each live update once, the second through the new subscription")
                .filteredOn(f -> !f.path("snapshot").asBoolean()).extracting(f -> f.get("data").get("price").asText())
                .containsExactly("101", "102");
    }

    @Test
    void subscriptionsOfOneStreamShareItsKeyWhileItHasSubscribers() {
        ClientSession other = gateway.session("c2", "u2", "s2").session();
        StreamKey aapl = new StreamKey("AAPL", DataType.PRICE);
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}");
        gateway.requests.handle(other, gateway.parse("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}"),
                outcomes);

        StreamKey shared = session.marketSubscription(aapl).stream;
        assertThat(other.marketSubscription(aapl).stream).as("one key for both, not a copy per subscription").isSameAs(shared);
        assertThat(gateway.index.sharedKey(new StreamKey("AAPL", DataType.PRICE))).isSameAs(shared);

        send("{\"event\":\"unsubscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}");
        gateway.requests.handle(other, gateway.parse("{\"event\":\"unsubscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}"),
                outcomes);
        StreamKey fresh = new StreamKey("AAPL", DataType.PRICE);
        assertThat(gateway.index.sharedKey(fresh)).as("a stream without subscribers keeps no key").isSameAs(fresh);
        assertThat(rejected).isEmpty();
    }

    @Test
    void holdsLiveUpdatesThatArriveBeforeTheSnapshot() {
        gateway.snapshots.store(gateway.price("AAPL", "100"));
        gateway.snapshots.hold();
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}");
        assertThat(gateway.snapshots.release()).as("the symbol check").isEqualTo(1);
        gateway.publish(gateway.price("AAPL", "101"));
        assertThat(sink.stream("AAPL:price")).as("nothing before the snapshot").isEmpty();

        assertThat(gateway.snapshots.release()).as("the snapshot read").isEqualTo(1);

        assertThat(sink.stream("AAPL:price")).extracting(f -> f.get("seq").asLong() + " " + f.path("snapshot").asBoolean() + " "
                + f.get("data").get("price").asText()).containsExactly("0 true 100", "1 false 101");
    }

    @Test
    void stillDeliversLiveUpdatesWhenTheSnapshotCannotBeRead() {
        gateway.snapshots.failLatestWith(new IllegalStateException("redis down"));
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}");
        gateway.publish(gateway.price("AAPL", "101"));

        assertThat(sink.events("subscribed")).hasSize(1);
        assertThat(sink.seqs("AAPL:price")).containsExactly(1L);
        assertThat(rejected).isEmpty();
    }

    @Test
    void refusesUnknownSymbolsNamingThemAndSubscribesNothing() {
        send("{\"event\":\"subscribe_market_data\",\"request_id\":\"s2\",\"data\":{\"symbols\":[\"AAPL\",\"ZZZ\",\"NOPE\"]}}");

        assertThat(assertRefused(ErrorCode.UNKNOWN_SYMBOL, "data.symbols", "unknown symbols: NOPE, ZZZ").requestId()).isEqualTo("s2");
        assertThat(session.marketStreamCount()).isZero();
        assertThat(gateway.index.streamCount()).isZero();
        assertThat(sink.frames()).isEmpty();
        assertThat(gateway.journal.calls()).isEmpty();
        assertThat(changes).isEmpty();
    }

    @Test
    void refusesMoreSymbolsThanOneRequestMayName() {
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\",\"MSFT\",\"TSLA\",\"NVDA\"]}}");

        assertRefused(ErrorCode.TOO_MANY_SYMBOLS, "data.symbols", "4 symbols in one request; the limit is 3");
        assertThat(session.marketStreamCount()).isZero();
    }

    @Test
    void refusesMoreStreamsThanOneConnectionMayHold() {
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\",\"MSFT\",\"TSLA\"],\"data_types\":[\"price\",\"volume\"]}}");
        assertThat(session.marketStreamCount()).as("exactly the limit").isEqualTo(6);

        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"NVDA\"]}}");

        assertRefused(ErrorCode.TOO_MANY_SYMBOLS, "data.symbols", "this would make 7 market streams on the connection; the limit is 6");
        assertThat(session.marketStreamCount()).isEqualTo(6);
    }

    @Test
    void refusesAMaxFrequencyAboveTheLimit() {
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"],\"max_frequency\":11}}");

        assertRefused(ErrorCode.INVALID_FIELD, "data.max_frequency", "must be at most 10 updates per second but was 11");
    }

    @Test
    void answersUnavailableWhenTheSymbolsCannotBeChecked() {
        gateway.snapshots.failWith(new IllegalStateException("redis down"));
        send("{\"event\":\"subscribe_market_data\",\"request_id\":\"s3\",\"data\":{\"symbols\":[\"AAPL\"]}}");

        assertThat(assertRefused(ErrorCode.UNAVAILABLE, "$", "the market data store is unavailable; try again").requestId())
                .isEqualTo("s3");
        assertThat(session.marketStreamCount()).isZero();
    }

    @Test
    void unsubscribeMarketDataEndsOnlyTheListedTypes() {
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"],\"data_types\":[\"price\",\"volume\"]}}");
        send("{\"event\":\"unsubscribe_market_data\",\"request_id\":\"u1\",\"data\":{\"symbols\":[\"AAPL\"],\"data_types\":[\"volume\"]}}");
        gateway.publish(gateway.volume("AAPL", 10), gateway.price("AAPL", "101"));

        String ack = "{\"stream\":\"market_data\",\"symbols\":[\"AAPL\"],\"streams\":[\"AAPL:volume\"]}";
        assertThat(sink.events("unsubscribed")).hasSize(1);
        assertThat(sink.frames()).contains("{\"event\":\"unsubscribed\",\"stream\":\"control\",\"seq\":2,\"request_id\":\"u1\",\"data\":"
                + ack + "}");
        assertThat(sink.stream("AAPL:volume")).isEmpty();
        assertThat(sink.seqs("AAPL:price")).containsExactly(1L);
        assertThat(gateway.journal.calls()).endsWith("unsubscribed c1 market_data " + ack);
        assertThat(changes).containsExactly("subscribed market_data", "unsubscribed market_data");
    }

    @Test
    void unsubscribeOfMarketDataEndsEveryTypeOfTheSymbols() {
        send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\",\"MSFT\"],\"data_types\":[\"price\",\"volume\"]}}");
        send("{\"event\":\"unsubscribe\",\"data\":{\"stream\":\"market_data\",\"symbols\":[\"AAPL\"]}}");

        assertThat(sink.events("unsubscribed")).extracting(f -> f.get("data").toString())
                .containsExactly("{\"stream\":\"market_data\",\"symbols\":[\"AAPL\"],\"streams\":[\"AAPL:price\",\"AAPL:volume\"]}");
        assertThat(session.marketStreams()).containsExactlyInAnyOrder(
                new StreamKey("MSFT", DataType.PRICE), new StreamKey("MSFT", DataType.VOLUME));
        assertThat(gateway.index.streamCount()).isEqualTo(2);
    }

    // ---- user events ----

    @Test
    void subscribesAndUnsubscribesAPortfolio() {
        send("{\"event\":\"subscribe_portfolio\",\"request_id\":\"p1\",\"data\":{\"portfolio_id\":\"pf-1\",\"update_types\":[\"position\"]}}");
        session.userEvents().live(1, portfolio("pf-1", "position"));
        send("{\"event\":\"unsubscribe\",\"data\":{\"stream\":\"portfolio\",\"portfolio_id\":\"pf-1\"}}");
        session.userEvents().live(2, portfolio("pf-1", "position"));

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"subscribed\",\"stream\":\"control\",\"seq\":1,\"request_id\":\"p1\",\"data\":{\"stream\":\"portfolio\","
                        + "\"portfolio_id\":\"pf-1\",\"update_types\":[\"position\"]}}",
                "{\"event\":\"portfolio_update\",\"stream\":\"user\",\"seq\":1,\"data\":{\"portfolio_id\":\"pf-1\"}}",
                "{\"event\":\"unsubscribed\",\"stream\":\"control\",\"seq\":2,\"data\":{\"stream\":\"portfolio\",\"portfolio_id\":\"pf-1\"}}");
        assertThat(gateway.journal.calls()).containsExactly(
                "subscribed c1 portfolio {\"stream\":\"portfolio\",\"portfolio_id\":\"pf-1\",\"update_types\":[\"position\"]}",
                "unsubscribed c1 portfolio {\"stream\":\"portfolio\",\"portfolio_id\":\"pf-1\"}");
        assertThat(changes).containsExactly("subscribed portfolio", "unsubscribed portfolio");
    }

    @Test
    void unsubscribesEveryPortfolioWhenNoneIsNamed() {
        send("{\"event\":\"subscribe_portfolio\",\"data\":{\"portfolio_id\":\"*\"}}");
        send("{\"event\":\"unsubscribe\",\"data\":{\"stream\":\"portfolio\"}}");
        session.userEvents().live(1, portfolio("pf-1", "balance"));

        assertThat(sink.events("subscribed")).extracting(f -> f.get("data").toString())
                .containsExactly("{\"stream\":\"portfolio\",\"portfolio_id\":\"*\",\"update_types\":[]}");
        assertThat(sink.events("unsubscribed")).extracting(f -> f.get("data").toString())
                .containsExactly("{\"stream\":\"portfolio\",\"portfolio_id\":null}");
        assertThat(sink.stream("user")).isEmpty();
    }

    @Test
    void subscribesAndUnsubscribesAlerts() {
        send("{\"event\":\"subscribe_alerts\",\"data\":{\"alert_types\":[\"price_threshold\"]}}");
        session.userEvents().live(1, alert("price_threshold", "up"));
        send("{\"event\":\"unsubscribe\",\"request_id\":\"a2\",\"data\":{\"stream\":\"alerts\"}}");
        session.userEvents().live(2, alert("price_threshold", "down"));

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"subscribed\",\"stream\":\"control\",\"seq\":1,\"data\":{\"stream\":\"alerts\",\"alert_types\":[\"price_threshold\"]}}",
                "{\"event\":\"trading_alert\",\"stream\":\"user\",\"seq\":1,\"data\":{\"message\":\"up\"}}",
                "{\"event\":\"unsubscribed\",\"stream\":\"control\",\"seq\":2,\"request_id\":\"a2\",\"data\":{\"stream\":\"alerts\"}}");
        assertThat(session.alertsSubscribed()).isFalse();
        assertThat(changes).containsExactly("subscribed alerts", "unsubscribed alerts");
    }

    // ---- ping ----

    @Test
    void answersPingWithTheServerTimeAndTheClientsTime() {
        send("{\"event\":\"ping\",\"request_id\":\"p1\",\"data\":{\"client_time\":42}}");
        send("{\"event\":\"ping\"}");

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"pong\",\"stream\":\"control\",\"seq\":1,\"request_id\":\"p1\",\"data\":{\"server_time\":" + SERVER_TIME
                        + ",\"client_time\":42}}",
                "{\"event\":\"pong\",\"stream\":\"control\",\"seq\":2,\"data\":{\"server_time\":" + SERVER_TIME + "}}");
        assertThat(gateway.journal.calls()).isEmpty();
        assertThat(changes).isEmpty();
    }

    // ---- resume ----

    SessionState dropped(String userId) {
        return new SessionState(userId, List.of(new SessionState.MarketStream("AAPL", "price", 5)),
                Map.of("pf-1", Set.of("position")), Set.of(), true);
    }

    @Test
    void resumeAnswersWithTheOldSessionAndRestoresItsSubscriptions() {
        gateway.sessions.put("old", dropped("u1"));
        gateway.snapshots.store(gateway.price("AAPL", "100"));
        send("{\"event\":\"resume\",\"request_id\":\"r1\",\"data\":{\"session_id\":\"old\",\"last_seq\":0}}");

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"session\",\"stream\":\"control\",\"seq\":1,\"request_id\":\"r1\",\"data\":{\"session_id\":\"old\","
                        + "\"resumed\":true,\"user_id\":\"u1\",\"resume_window_seconds\":120}}",
                "{\"event\":\"market_data\",\"stream\":\"AAPL:price\",\"seq\":0,\"snapshot\":true,\"data\":{\"symbol\":\"AAPL\",\"price\":100}}");
        assertThat(session.sessionId()).isEqualTo("old");
        assertThat(session.state()).isEqualTo(dropped("u1"));
        assertThat(changes).containsExactly("subscriptions restored");
        assertThat(gateway.journal.calls()).as("restored subscriptions are not new ones").isEmpty();
    }

    @Test
    void resumeReplaysTheMissedUserEventsInOrderOnceEachThenLiveOnes() {
        gateway.sessions.put("old", dropped("u1"));
        for (long seq = 1; seq <= 4; seq++) {
            gateway.history.add("u1", seq, alert("price_threshold", "missed-" + seq));
        }
        gateway.history.hold();
        send("{\"event\":\"resume\",\"data\":{\"session_id\":\"old\",\"last_seq\":2}}");
        session.userEvents().live(4, alert("price_threshold", "live-4"));
        session.userEvents().live(6, alert("price_threshold", "live-6"));
        session.userEvents().live(5, alert("price_threshold", "live-5"));
        assertThat(sink.stream("user")).as("nothing while the history is read").isEmpty();

        gateway.history.release();
        session.userEvents().live(6, alert("price_threshold", "live-6 again"));
        session.userEvents().live(7, alert("price_threshold", "live-7"));

        assertThat(sink.stream("user")).extracting(f -> f.get("seq").asLong() + " " + f.get("data").get("message").asText())
                .containsExactly("3 missed-3", "4 missed-4", "5 live-5", "6 live-6", "7 live-7");
        assertThat(gateway.history.queries()).containsExactly(new FakeEventHistory.Query("u1", 2, 50));
    }

    @Test
    void resumeReplaysMissedBroadcastsWhenTheClientSaysWhereItWas() {
        gateway.sessions.put("old", dropped("u1"));
        for (long seq = 10; seq <= 12; seq++) {
            gateway.history.addBroadcast(seq, notification("broadcast-" + seq));
        }
        send("{\"event\":\"resume\",\"data\":{\"session_id\":\"old\",\"last_seq\":0,\"last_broadcast_seq\":10}}");
        session.broadcasts().live(12, notification("broadcast-12"));
        session.broadcasts().live(13, notification("broadcast-13"));

        assertThat(sink.seqs("broadcast")).containsExactly(11L, 12L, 13L);
        assertThat(gateway.history.queries()).contains(new FakeEventHistory.Query(null, 10, 50));
    }

    @Test
    void resumeStillDeliversLiveEventsWhenTheHistoryCannotBeRead() {
        gateway.sessions.put("old", dropped("u1"));
        gateway.history.failWith(new IllegalStateException("redis down"));
        send("{\"event\":\"resume\",\"data\":{\"session_id\":\"old\",\"last_seq\":2}}");
        session.userEvents().live(7, alert("price_threshold", "live-7"));

        assertThat(session.userEvents().replaying()).isFalse();
        assertThat(sink.seqs("user")).containsExactly(7L);
        assertThat(rejected).isEmpty();
    }

    @Test
    void refusesToResumeAnUnknownSession() {
        send("{\"event\":\"resume\",\"request_id\":\"r2\",\"data\":{\"session_id\":\"gone\",\"last_seq\":0}}");

        assertThat(assertRefused(ErrorCode.SESSION_NOT_FOUND, "data.session_id",
                "no resumable session with this id for this user (it may have expired after 120 s)").requestId()).isEqualTo("r2");
        assertThat(session.sessionId()).isEqualTo("s1");
    }

    @Test
    void refusesToResumeAnotherUsersSession() {
        gateway.sessions.put("theirs", dropped("u2"));
        send("{\"event\":\"resume\",\"data\":{\"session_id\":\"theirs\",\"last_seq\":0}}");

        assertThat(refusal().code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        assertThat(session.sessionId()).isEqualTo("s1");
        assertThat(session.marketStreamCount()).isZero();
        assertThat(sink.frames()).isEmpty();
    }

    @Test
    void answersUnavailableWhenTheSessionStoreFails() {
        gateway.sessions.failWith(new IllegalStateException("redis down"));
        send("{\"event\":\"resume\",\"data\":{\"session_id\":\"old\",\"last_seq\":0}}");

        assertRefused(ErrorCode.UNAVAILABLE, "$", "the market data store is unavailable; try again");
    }

    // ---- stored subscriptions ----

    @Test
    void appliesStoredSubscriptionsWithOneAcknowledgement() {
        SessionState stored = new SessionState(null, List.of(new SessionState.MarketStream("AAPL", "price", null),
                new SessionState.MarketStream("MSFT", "price", null), new SessionState.MarketStream("TSLA", "gossip", null)),
                Map.of("pf-1", Set.of()), Set.of(), false);
        gateway.requests.restore(session, stored, null, true, outcomes);

        assertThat(sink.frames()).containsExactly("{\"event\":\"subscribed\",\"stream\":\"control\",\"seq\":1,\"data\":{\"stream\":"
                + "\"stored\",\"persistent\":true,\"market_streams\":3,\"portfolios\":1,\"alerts\":false}}");
        assertThat(session.marketStreams()).as("a stream of an unknown data type is skipped")
                .containsExactlyInAnyOrder(new StreamKey("AAPL", DataType.PRICE), new StreamKey("MSFT", DataType.PRICE));
        assertThat(changes).containsExactly("stored subscriptions applied");
    }

    @Test
    void sendsNothingWhenNoSubscriptionIsStored() {
        gateway.requests.restore(session, FakePersistentSubscriptions.NONE, null, true, outcomes);

        assertThat(sink.frames()).isEmpty();
        assertThat(changes).isEmpty();
    }
}
