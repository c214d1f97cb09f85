package dev.marketstream.wsgateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code data} of the control frames ({@code session}, {@code subscribed}, {@code unsubscribed}, {@code pong}, {@code refreshed},
 * {@code error}; see docs/protocol.md): one record per shape, written by {@link ServerFrames}. Fields are named in
 * snake case; a field the protocol marks optional is left out when null, any other is written even when null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public sealed interface ControlData permits ControlData.Session, ControlData.Pong, ControlData.Refreshed,
        ControlData.Problem, Ack {

    /** {@code session}: the first frame of a connection, and the answer to a {@code resume} (then {@code resumed} is true). */
    record Session(String sessionId, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean resumed, String userId,
            long resumeWindowSeconds) implements ControlData {

        public static Session opened(String sessionId, String userId, long resumeWindowSeconds) {
            return new Session(sessionId, null, userId, resumeWindowSeconds);
        }

        public static Session resumed(String sessionId, String userId, long resumeWindowSeconds) {
            return new Session(sessionId, true, userId, resumeWindowSeconds);
        }
    }

    /** {@code pong}: the server's clock (ms since the epoch) and the ping's {@code client_time}, if it had one. */
    record Pong(long serverTime, @JsonInclude(JsonInclude.Include.NON_NULL) Long clientTime) implements ControlData {
    }

    /** {@code refreshed}: the connection now lasts until {@code closes_at} (epoch seconds), unless refreshed again. */
    record Refreshed(long closesAt) implements ControlData {
    }

    /** {@code error}: a refused frame; {@code ref} is its {@code request_id}, null when it had none. */
    record Problem(String code, String message, String field, String ref) implements ControlData {

        public static Problem of(ProtocolException problem) {
            String message = problem.field() == null ? problem.getMessage() : problem.field() + ": " + problem.getMessage();
            return new Problem(problem.code().wireName(), message, problem.field(), problem.requestId());
        }
    }
}
