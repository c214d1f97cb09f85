package dev.marketstream.eventprocessor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.eventprocessor.domain.ReplayRequest;
import dev.marketstream.platform.problem.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Replay request bodies: what is accepted, and that each refusal names its field. */
class ReplayRequestParserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsAReplayIntoANewTopic() throws Exception {
        ReplayRequest request = ReplayRequestParser.parse(JSON.readTree("""
                {"topic": "trading-alerts", "from": "2026-11-26T00:00:00Z", "to": "2026-11-27T00:00:00Z",
                 "target": {"topic": "alerts.replay-1"}}"""));

        assertThat(request).isEqualTo(new ReplayRequest("trading-alerts", Instant.parse("2026-11-26T00:00:00Z"),
                Instant.parse("2026-11-27T00:00:00Z"), ReplayRequest.Target.topic("alerts.replay-1")));
    }

    @Test
    void readsAReplayIntoAUsersStream() throws Exception {
        ReplayRequest request = ReplayRequestParser.parse(JSON.readTree("""
                {"topic": "user-events", "from": "2026-11-26T00:00:00Z", "to": "2026-11-26T01:00:00Z",
                 "target": {"user_id": "user-7"}}"""));

        assertThat(request.target().isUser()).isTrue();
        assertThat(request.target().userId()).isEqualTo("user-7");
    }

    @Test
    void refusesATargetTopicNameKafkaWouldRefuse() {
        assertThatThrownBy(() -> ReplayRequestParser.parse(JSON.readTree("""
                {"topic": "user-events", "from": "2026-11-26T00:00:00Z", "to": "2026-11-26T01:00:00Z",
                 "target": {"topic": "bad name!"}}""")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().field()).isEqualTo("target.topic"));
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> ReplayRequestParser.parse(JSON.readTree("""
                {"topic": "user-events", "from": "2026-11-26T00:00:00Z", "to": "2026-11-26T00:00:00Z",
                 "target": {"user_id": "u"}}""")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().field()).isEqualTo("to");
                    assertThat(e.problem().status()).isEqualTo(400);
                });
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        assertThatThrownBy(() -> ReplayRequestParser.parse(JSON.readTree("[1]")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().field()).isEqualTo("$"));
    }
}
