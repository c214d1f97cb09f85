package dev.marketstream.eventprocessor.redis;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.Optional;

/**
 * Tells Redis error replies apart from connection trouble. The Vert.x client fails a command Redis refused with an
 * exception that is itself the error {@link Response}; only its public interface is looked at.
 */
public final class RedisReplies {

    private RedisReplies() {
    }

    /** The error reply Redis sent, if the failure is one (and not a lost connection or a timeout). */
    public static Optional<String> errorReply(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Response reply && reply.type() == ResponseType.ERROR) {
                return Optional.ofNullable(t.getMessage()).or(() -> Optional.of(reply.toString()));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    static boolean isNoScript(Throwable failure) {
        return errorReply(failure).filter(message -> message.startsWith("NOSCRIPT")).isPresent();
    }

    /**
     * Whether Redis refused the command itself, so sending it again unchanged fails again:
     * a wrong key type or a script error, as opposed to a busy, loading or read-only server.
     */
    static boolean isRejection(Throwable failure) {
        return errorReply(failure)
                .filter(message -> message.startsWith("WRONGTYPE") || message.startsWith("ERR"))
                .isPresent();
    }

    static boolean isBusyGroup(Throwable failure) {
        return errorReply(failure).filter(message -> message.startsWith("BUSYGROUP")).isPresent();
    }

    /** Whether the stream or its group is gone (Redis restarted empty, or someone deleted the key). */
    public static boolean isNoGroup(Throwable failure) {
        return errorReply(failure).filter(message -> message.startsWith("NOGROUP")).isPresent();
    }
}
