package dev.marketstream.eventprocessor.redis;

/**
 * Redis refused a delivery for this entry (a key of the wrong type, a script error). Counts as a failed
 * delivery of the entry; does not count against the Redis circuit breaker, since Redis is answering.
 */
public final class RedisRejectedException extends RuntimeException {

    public RedisRejectedException(String reply, Throwable cause) {
        super(reply, cause);
    }
}
