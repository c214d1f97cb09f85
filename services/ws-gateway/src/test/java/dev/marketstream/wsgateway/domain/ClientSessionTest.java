package dev.marketstream.wsgateway.domain;

import static dev.marketstream.wsgateway.support.FakeGateway.alert;
import static dev.marketstream.wsgateway.support.FakeGateway.frame;
import static dev.marketstream.wsgateway.support.FakeGateway.notification;
import static dev.marketstream.wsgateway.support.FakeGateway.portfolio;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.protocol.ControlData;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ErrorCode;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import dev.marketstream.wsgateway.support.FakeConnectionSink;
import dev.marketstream.wsgateway.support.FakeGateway;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves one connection's state on its own, driven by hand: control frames numbered on their stream, snapshot then the
 * live frame held meanwhile, user events filtered by the subscriptions, and the state kept for a resume.
 */
class ClientSessionTest {

    final FakeGateway gateway = new FakeGateway();
    final FakeGateway.Connection connection = gateway.session("c1", "u1", "s1");
    final ClientSession session = connection.session();
    final FakeConnectionSink sink = connection.sink();
    final StreamKey aapl = new StreamKey("AAPL", DataType.PRICE);

    @Test
    void numbersControlFramesFromOneAndEchoesTheRequestId() {
        String data = session.sendControl(ServerEvent.PONG, "p1", new ControlData.Pong(5, null));
        session.sendError(new ProtocolException(ErrorCode.INVALID_FIELD, "data.x", "is wrong", "r2"));
        session.sendError(new ProtocolException(ErrorCode.MALFORMED_JSON, "$", "not valid JSON"));

        assertThat(data).isEqualTo("{\"server_time\":5}");
        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"pong\",\"stream\":\"control\",\"seq\":1,\"request_id\":\"p1\",\"data\":{\"server_time\":5}}",
                "{\"event\":\"error\",\"stream\":\"control\",\"seq\":2,\"request_id\":\"r2\",\"data\":{\"code\":\"invalid_field\","
                        + "\"message\":\"data.x: is wrong\",\"field\":\"data.x\",\"ref\":\"r2\"}}",
                "{\"event\":\"error\",\"stream\":\"control\",\"seq\":3,\"data\":{\"code\":\"malformed_json\","
                        + "\"message\":\"$: not valid JSON\",\"field\":\"$\",\"ref\":null}}");
    }

    @Test
    void sendsTheSnapshotThenTheNewerLiveFrameHeldMeanwhile() {
        MarketUpdate stored = gateway.price("AAPL", "100");
        MarketUpdate live = gateway.price("AAPL", "101");
        MarketSubscription subscription = session.addMarket(aapl, null);
        subscription.onMarketFrame(frame(live, 7));
        assertThat(sink.frames()).as("held until the snapshot").isEmpty();

        session.completeSnapshot(aapl, List.of(stored), 6);
        subscription.onMarketFrame(frame(gateway.price("AAPL", "102"), 8));

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"market_data\",\"stream\":\"AAPL:price\",\"seq\":6,\"snapshot\":true,\"data\":{\"symbol\":\"AAPL\",\"price\":100}}",
                "{\"event\":\"market_data\",\"stream\":\"AAPL:price\",\"seq\":7,\"data\":{\"symbol\":\"AAPL\",\"price\":101}}",
                "{\"event\":\"market_data\",\"stream\":\"AAPL:price\",\"seq\":8,\"data\":{\"symbol\":\"AAPL\",\"price\":102}}");
    }

    @Test
    void dropsTheHeldFrameWhenTheSnapshotIsTheSameRecord() {
        MarketUpdate record = gateway.price("AAPL", "100");
        session.addMarket(aapl, null).onMarketFrame(frame(record, 3));
        session.completeSnapshot(aapl, List.of(record), 3);

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"market_data\",\"stream\":\"AAPL:price\",\"seq\":2,\"snapshot\":true,\"data\":{\"symbol\":\"AAPL\",\"price\":100}}");
    }

    @Test
    void startsWithTheFirstLiveFrameWhenNothingIsStored() {
        MarketSubscription subscription = session.addMarket(aapl, null);
        session.completeSnapshot(aapl, List.of(), 0);
        assertThat(sink.frames()).isEmpty();

        subscription.onMarketFrame(frame(gateway.price("AAPL", "100"), 1));
        assertThat(sink.seqs("AAPL:price")).containsExactly(1L);
    }

    @Test
    void ignoresFramesOfASubscriptionItEnded() {
        MarketSubscription subscription = session.addMarket(aapl, null);
        session.completeSnapshot(aapl, List.of(), 0);
        assertThat(session.removeMarket(aapl)).isSameAs(subscription);
        assertThat(session.removeMarket(aapl)).as("already removed").isNull();
        subscription.onMarketFrame(frame(gateway.price("AAPL", "1"), 1));

        assertThat(sink.frames()).as("a frame already on its way to the ended subscription").isEmpty();
        assertThat(session.marketStreamCount()).isZero();
    }

    @Test
    void reportsANewStreamOnceAndKeepsTheLatestMaxFrequency() {
        MarketSubscription first = session.addMarket(aapl, null);
        assertThat(first).isNotNull();
        assertThat(session.addMarket(aapl, null)).as("already subscribed alike").isNull();
        MarketSubscription replacement = session.addMarket(aapl, 5);
        assertThat(replacement).as("same stream, new max_frequency: a new subscription replaces the first").isNotNull().isNotSameAs(first);
        assertThat(session.marketSubscription(aapl)).isSameAs(replacement);
        session.completeSnapshot(aapl, List.of(), 0);
        first.onMarketFrame(frame(gateway.price("AAPL", "1"), 1));
        assertThat(sink.frames()).as("the replaced subscription gets nothing more").isEmpty();

        assertThat(session.marketStreams()).containsExactly(aapl);
        assertThat(session.state().market()).containsExactly(new SessionState.MarketStream("AAPL", "price", 5));
    }

    @Test
    void deliversOnlyTheUserEventsItsSubscriptionsAskFor() {
        session.addPortfolio("pf-1", List.of("position"));
        session.setAlerts(true, List.of("price_threshold"));
        session.userEvents().live(1, portfolio("pf-1", "position"));
        session.userEvents().live(2, portfolio("pf-1", "balance"));
        session.userEvents().live(3, portfolio("pf-2", "position"));
        session.userEvents().live(4, alert("price_threshold", "up"));
        session.userEvents().live(5, alert("volume_spike", "busy"));
        session.userEvents().live(6, notification("maintenance"));

        assertThat(sink.seqs("user")).containsExactly(1L, 4L, 6L);
        assertThat(sink.frames().get(0))
                .isEqualTo("{\"event\":\"portfolio_update\",\"stream\":\"user\",\"seq\":1,\"data\":{\"portfolio_id\":\"pf-1\"}}");
    }

    @Test
    void takesEveryPortfolioAndTypeForAStarWithoutTypes() {
        session.addPortfolio("*", List.of());
        session.userEvents().live(1, portfolio("pf-1", "balance"));
        session.userEvents().live(2, portfolio("pf-9", "order"));
        session.userEvents().live(3, alert("price_threshold", "not subscribed"));

        assertThat(sink.stream("user")).extracting(f -> f.get("event").asText() + " " + f.get("seq").asLong())
                .containsExactly("portfolio_update 1", "portfolio_update 2");
    }

    @Test
    void stopsPortfolioUpdatesOnceEveryPortfolioIsRemoved() {
        session.addPortfolio("pf-1", List.of());
        session.addPortfolio("pf-2", List.of());
        assertThat(session.removePortfolio(null)).isTrue();
        assertThat(session.removePortfolio(null)).as("none left").isFalse();
        session.userEvents().live(1, portfolio("pf-1", "balance"));

        assertThat(sink.frames()).isEmpty();
    }

    @Test
    void namesTheTraceOfATracedUserEventAndOnlyOfThatOne() {
        session.addPortfolio("*", List.of());
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        session.userEvents().live(1, portfolio("pf-1", "position").withTraceId(traceId));
        session.userEvents().live(2, portfolio("pf-1", "position"));

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"portfolio_update\",\"stream\":\"user\",\"seq\":1,\"trace_id\":\"" + traceId
                        + "\",\"data\":{\"portfolio_id\":\"pf-1\"}}",
                "{\"event\":\"portfolio_update\",\"stream\":\"user\",\"seq\":2,\"data\":{\"portfolio_id\":\"pf-1\"}}");
    }

    @Test
    void sendsBroadcastsOnTheirOwnStream() {
        session.broadcasts().live(9, notification("all hands"));

        assertThat(sink.frames()).containsExactly(
                "{\"event\":\"system_notification\",\"stream\":\"broadcast\",\"seq\":9,\"data\":{\"message\":\"all hands\"}}");
    }

    @Test
    void keepsItsSubscriptionsInTheStateForAResume() {
        session.addMarket(aapl, 5);
        session.addMarket(new StreamKey("MSFT", DataType.VOLUME), null);
        session.addPortfolio("pf-1", List.of("position"));
        session.setAlerts(true, List.of("price_threshold"));
        session.adoptSession("old");

        SessionState state = session.state();
        assertThat(state).isEqualTo(new SessionState("u1",
                List.of(new SessionState.MarketStream("AAPL", "price", 5), new SessionState.MarketStream("MSFT", "volume", null)),
                Map.of("pf-1", Set.of("position")), Set.of("price_threshold"), true));
        assertThat(ClientSession.streamsOf(state)).containsExactly(aapl, new StreamKey("MSFT", DataType.VOLUME));
        assertThat(session.sessionId()).isEqualTo("old");
    }
}
