package dev.marketstream.wsgateway.domain;

import static dev.marketstream.wsgateway.support.FakeGateway.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.support.FakeConnectionSink;
import dev.marketstream.wsgateway.support.FakeGateway;
import dev.marketstream.wsgateway.support.FakeLane;
import dev.marketstream.wsgateway.support.FakeSessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves the connection lifecycle against fakes of the stores: the greeting, stored subscriptions on connect, an error
 * event for each kind of bad frame, rate limit and abuse (1008), idle timeout (1001), shutdown (1012), the session
 * kept for a resume on every change, and failed saves counted instead of dropped.
 */
class GatewayServiceTest {

    final FakeGateway fake = new FakeGateway();
    final GatewayService gateway = fake.gateway;

    static String code(JsonNode error) {
        return error.get("data").get("code").asText() + " " + error.get("data").get("field").asText();
    }

    @Test
    void greetsANewConnectionWithItsSessionAndKeepsIt() {
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        String sessionId = c1.session().sessionId();

        assertThat(c1.sink().frames()).containsExactly("{\"event\":\"session\",\"stream\":\"control\",\"seq\":1,\"data\":{\"session_id\":\""
                + sessionId + "\",\"user_id\":\"u1\",\"resume_window_seconds\":120}}");
        assertThat(fake.userFeed.attached()).containsExactly(c1.session());
        assertThat(fake.journal.calls()).containsExactly("opened c1 10.0.0.1");
        assertThat(fake.sessions.saves()).containsExactly(new FakeSessionStore.Save(sessionId, c1.session().state(), Duration.ofMinutes(3)));
        assertThat(fake.stats.activeConnections.get()).isEqualTo(1);
        assertThat(gateway.openCount()).isEqualTo(1);
    }

    @Test
    void closesWith1013AConnectionThatRacedPastTheHandshakeCheckOverItsUsersLimit() {
        // FakeGateway allows 2 connections per user: three handshakes checked before any of them opened all pass.
        assertThat(List.of(gateway.admits("u9"), gateway.admits("u9"), gateway.admits("u9"))).containsOnly(true);
        FakeGateway.Connection first = fake.open("r1", "u9");
        FakeGateway.Connection second = fake.open("r2", "u9");
        FakeGateway.Connection third = fake.open("r3", "u9");

        assertThat(List.of(first.sink().closeCode(), second.sink().closeCode())).as("within the limit").containsOnly(-1);
        assertThat(third.sink().closeCode()).isEqualTo(GatewayService.TRY_AGAIN_LATER);
        assertThat(third.sink().events("session")).as("no session for a connection over the limit").isEmpty();
        assertThat(fake.stats.refused.get(GatewayStats.Refusal.PER_USER_LIMIT).sum()).isEqualTo(1);

        gateway.closed(third.session(), GatewayService.TRY_AGAIN_LATER, "per-user connection limit");
        assertThat(gateway.admits("u9")).as("the refused connection held no place").isFalse();
        gateway.closed(first.session(), 1000, null);
        assertThat(gateway.admits("u9")).as("a closed one gives its place back").isTrue();
        assertThat(fake.open("r4", "u9").sink().closeCode()).isEqualTo(-1);
    }

    @Test
    void appliesTheUsersStoredSubscriptionsOnConnect() {
        fake.persistent.put("u1", new SessionState(null, List.of(), Map.of(), Set.of("price_threshold"), true));
        FakeGateway.Connection c1 = fake.open("c1", "u1");

        assertThat(c1.sink().events("subscribed")).extracting(f -> f.get("seq").asLong() + " " + f.get("data"))
                .containsExactly("2 {\"stream\":\"stored\",\"persistent\":true,\"market_streams\":0,\"portfolios\":0,\"alerts\":true}");
        assertThat(c1.session().alertsSubscribed()).isTrue();
        assertThat(fake.sessions.saves()).hasSize(2);
        assertThat(fake.sessions.stored(c1.session().sessionId()).alerts()).isTrue();
    }

    @Test
    void opensTheConnectionWhenStoredSubscriptionsCannotBeRead() {
        fake.persistent.failWith(new IllegalStateException("postgres down"));
        FakeGateway.Connection c1 = fake.open("c1", "u1");

        assertThat(c1.sink().events("session")).hasSize(1);
        assertThat(c1.sink().frames()).hasSize(1);
        assertThat(c1.sink().closeCode()).isEqualTo(-1);
        assertThat(gateway.openCount()).isEqualTo(1);
    }

    @Test
    void answersEachKindOfBadFrameWithAnErrorAndStaysOpen() {
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        gateway.onText(c1.session(), "{not json");
        gateway.onText(c1.session(), "{\"event\":\"teleport\",\"request_id\":\"t1\",\"data\":{}}");
        gateway.onText(c1.session(), "{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":\"AAPL\"}}");
        gateway.onText(c1.session(), "{\"event\":\"ping\",\"data\":{\"pad\":\"" + "x".repeat(9_000) + "\"}}");

        List<JsonNode> errors = c1.sink().events("error");
        assertThat(errors).extracting(GatewayServiceTest::code)
                .containsExactly("malformed_json $", "unknown_event event", "invalid_field data.symbols", "frame_too_large $");
        assertThat(errors.get(1).get("request_id").asText()).isEqualTo("t1");
        assertThat(errors.get(1).get("data").get("ref").asText()).isEqualTo("t1");
        assertThat(fake.stats.framesRejected.sum()).isEqualTo(4);
        assertThat(fake.stats.errors.sum()).isEqualTo(4);
        assertThat(c1.sink().closeCode()).as("below the abuse threshold of 5").isEqualTo(-1);
    }

    @Test
    void rateLimitsAFloodAndIgnoresTheFramesBeyondIt() {
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        for (int i = 0; i < 41; i++) {
            gateway.onText(c1.session(), "{\"event\":\"ping\"}");
        }
        fake.advance(Duration.ofMillis(50));
        gateway.onText(c1.session(), "{\"event\":\"ping\"}");

        assertThat(c1.sink().events("pong")).hasSize(41);
        List<JsonNode> errors = c1.sink().events("error");
        assertThat(errors).extracting(GatewayServiceTest::code).containsExactly("rate_limited $");
        assertThat(errors.get(0).get("data").get("message").asText()).isEqualTo("$: more than 20 frames per second; frame ignored");
        assertThat(c1.sink().closeCode()).isEqualTo(-1);
    }

    @Test
    void closesAClientThatKeepsSendingBadFramesWith1008() {
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        for (int i = 0; i < 5; i++) {
            gateway.onText(c1.session(), "garbage " + i);
        }

        assertThat(c1.sink().closeCode()).isEqualTo(GatewayService.POLICY_VIOLATION);
        assertThat(c1.sink().closeReason()).isEqualTo("policy violation: 5 rejected frames within 10 s");
        assertThat(fake.stats.abuseDisconnects.sum()).isEqualTo(1);
    }

    @Test
    void toleratesBadFramesSpreadBeyondTheAbuseWindow() {
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        for (int i = 0; i < 5; i++) {
            gateway.onText(c1.session(), "garbage " + i);
            fake.advance(Duration.ofSeconds(3));
        }

        assertThat(c1.sink().events("error")).hasSize(5);
        assertThat(c1.sink().closeCode()).isEqualTo(-1);
    }

    @Test
    void closesConnectionsSilentForTheIdleTimeoutWith1001AfterTwoUnansweredPings() {
        FakeGateway.Connection silent = fake.open("c1", "u1");
        FakeGateway.Connection talking = fake.open("c2", "u2");
        sweepEverySecondFor(30);
        gateway.onActivity(talking.session());
        sweepEverySecondFor(29);
        assertThat(silent.sink().closeCode()).as("59 s silent").isEqualTo(-1);

        sweepEverySecondFor(1);
        assertThat(silent.sink().closeCode()).isEqualTo(GatewayService.GOING_AWAY);
        assertThat(silent.sink().closeReason()).isEqualTo("idle timeout: nothing received for 60 s");
        assertThat(silent.sink().pings()).as("pinged at 20 and 40 s").isEqualTo(2);
        assertThat(talking.sink().closeCode()).isEqualTo(-1);
        assertThat(fake.stats.idleDisconnects.sum()).isEqualTo(1);
    }

    @Test
    void pingsAQuietClientAfterAStalledSweepInsteadOfClosingIt() {
        FakeGateway.Connection answering = fake.open("c1", "u1");
        FakeGateway.Connection silent = fake.open("c2", "u2");
        fake.advance(Duration.ofSeconds(90));
        gateway.sweep();
        assertThat(answering.sink().closeCode()).as("90 s without a sweep, never pinged").isEqualTo(-1);
        assertThat(silent.sink().closeCode()).isEqualTo(-1);
        assertThat(answering.sink().pings()).isEqualTo(1);
        gateway.onActivity(answering.session());

        sweepEverySecondFor(39);
        assertThat(silent.sink().closeCode()).as("one ping interval after its second ping").isEqualTo(-1);
        sweepEverySecondFor(1);
        assertThat(silent.sink().closeCode()).isEqualTo(GatewayService.GOING_AWAY);
        assertThat(silent.sink().pings()).isEqualTo(2);
        assertThat(answering.sink().closeCode()).isEqualTo(-1);
    }

    private void sweepEverySecondFor(int seconds) {
        for (int i = 0; i < seconds; i++) {
            fake.advance(Duration.ofSeconds(1));
            gateway.sweep();
        }
    }

    @Test
    void sweepPingsEachConnectionOncePerPingInterval() {
        FakeGateway.Connection early = fake.open("c1", "u1");
        fake.advance(Duration.ofSeconds(10));
        FakeGateway.Connection late = fake.open("c2", "u2");
        fake.advance(Duration.ofSeconds(10));
        gateway.sweep();
        gateway.sweep();
        assertThat(early.sink().pings()).as("20 s after it opened, once however many sweeps").isEqualTo(1);
        assertThat(late.sink().pings()).as("10 s after it opened: not yet").isZero();

        fake.advance(Duration.ofSeconds(10));
        gateway.sweep();
        assertThat(early.sink().pings()).isEqualTo(1);
        assertThat(late.sink().pings()).isEqualTo(1);
    }

    @Test
    void sweepsWithOneTaskPerLane() {
        FakeLane other = new FakeLane();
        fake.open("c1", "u1");
        fake.open("c2", "u2");
        fake.open("c3", "u3", other);
        int before = fake.lane.executed();
        int otherBefore = other.executed();
        gateway.sweep();

        assertThat(fake.lane.executed() - before).isEqualTo(1);
        assertThat(other.executed() - otherBefore).isEqualTo(1);
    }

    @Test
    void closedConnectionStopsDeliveryAndKeepsItsSessionForTheResumeWindow() {
        fake.snapshots.know("AAPL");
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        gateway.onText(c1.session(), "{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"]}}");
        gateway.closed(c1.session(), 1000, "bye");
        gateway.closed(c1.session(), 1000, "bye");

        FakeSessionStore.Save last = fake.sessions.saves().get(fake.sessions.saves().size() - 1);
        assertThat(last.ttl()).isEqualTo(fake.settings.resumeWindow());
        assertThat(last.state().market()).containsExactly(new SessionState.MarketStream("AAPL", "price", null));
        assertThat(fake.index.subscribers(new StreamKey("AAPL", DataType.PRICE))).isEmpty();
        assertThat(fake.userFeed.detached()).containsExactly(c1.session());
        assertThat(fake.journal.calls()).filteredOn(call -> call.startsWith("closed")).containsExactly("closed c1 1000 bye");
        assertThat(c1.session().outbox().isClosed()).isTrue();
        assertThat(fake.stats.activeConnections.get()).isZero();
        assertThat(gateway.openCount()).isZero();
    }

    @Test
    void refreshSavesEveryOpenSessionForAnotherLiveTtl() {
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        FakeGateway.Connection c2 = fake.open("c2", "u2");
        fake.sessions.saves().clear();
        gateway.refreshSessions();

        assertThat(fake.sessions.saves()).extracting(FakeSessionStore.Save::sessionId, FakeSessionStore.Save::ttl)
                .containsExactlyInAnyOrder(tuple(c1.session().sessionId(), Duration.ofMinutes(3)),
                        tuple(c2.session().sessionId(), Duration.ofMinutes(3)));
    }

    @Test
    void shutdownStopsAcceptingAndTellsEveryClientToReconnect() {
        List<FakeConnectionSink> sinks = List.of(fake.open("c1", "u1").sink(), fake.open("c2", "u2").sink());
        gateway.shutdown("service restart: reconnect and resume your session");

        assertThat(gateway.accepting()).isFalse();
        assertThat(sinks).extracting(FakeConnectionSink::closeCode).containsOnly(GatewayService.SERVICE_RESTART);
        assertThat(sinks).extracting(FakeConnectionSink::closeReason).containsOnly("service restart: reconnect and resume your session");
    }

    @Test
    void countsAFailedSaveOfAChangedSubscription() {
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        fake.sessions.failWith(new IllegalStateException("redis down"));
        gateway.onText(c1.session(), "{\"event\":\"subscribe_alerts\",\"data\":{}}");

        assertThat(fake.stats.sessionSaveFailures.sum()).isEqualTo(1);
        assertThat(c1.sink().events("subscribed")).as("the client still gets its acknowledgement").hasSize(1);
        assertThat(fake.sessions.stored(c1.session().sessionId()).alerts()).as("the store kept the state before").isFalse();
    }

    @Test
    void countsEveryFailedSaveOnOpenRefreshAndClose() {
        fake.sessions.failWith(new IllegalStateException("redis down"));
        FakeGateway.Connection c1 = fake.open("c1", "u1");
        gateway.refreshSessions();
        gateway.closed(c1.session(), 1000, "bye");

        assertThat(fake.sessions.saves()).hasSize(3);
        assertThat(fake.stats.sessionSaveFailures.sum()).isEqualTo(3);
        assertThat(fake.stats.errors.sum()).as("not a refused frame").isZero();
    }

    @Test
    void resumesOnANewConnectionTheSessionAClosedOneLeft() {
        FakeGateway.Connection first = fake.open("c1", "u1");
        String sessionId = first.session().sessionId();
        gateway.onText(first.session(), "{\"event\":\"subscribe_alerts\",\"data\":{}}");
        first.session().userEvents().live(1, alert("price_threshold", "seen-1"));
        gateway.closed(first.session(), 1001, "gone");
        fake.history.add("u1", 1, alert("price_threshold", "seen-1"));
        fake.history.add("u1", 2, alert("price_threshold", "missed-2"));

        FakeGateway.Connection again = fake.open("c2", "u1");
        String greeted = again.session().sessionId();
        gateway.onText(again.session(), "{\"event\":\"resume\",\"data\":{\"session_id\":\"" + sessionId + "\",\"last_seq\":1}}");

        assertThat(again.sink().events("session")).extracting(f -> f.get("data").get("session_id").asText())
                .containsExactly(greeted, sessionId);
        assertThat(again.session().sessionId()).isEqualTo(sessionId);
        assertThat(again.session().alertsSubscribed()).isTrue();
        assertThat(again.sink().stream("user")).extracting(f -> f.get("seq").asLong() + " " + f.get("data").get("message").asText())
                .containsExactly("2 missed-2");
    }
}
