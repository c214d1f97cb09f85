package dev.marketstream.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to reconnect: exponential backoff with full jitter. The delay before attempt {@code n} (1 = the first after a drop)
 * is uniformly random between 0 and {@code min(maxDelay, initialDelay * 2^(n-1))}, so clients dropped together do not
 * come back together.
 *
 * @param maxAttempts attempts after a drop before giving up; {@link Integer#MAX_VALUE}: never give up
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {

    /** The product specification's preset: 1 s first delay, 5 attempts. */
    public static final ReconnectPolicy SPEC = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(16), 5);
    /** The default: starts at 0.5 s, caps at 30 s, keeps trying. */
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Integer.MAX_VALUE);

    public ReconnectPolicy {
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay and maxAttempts >= 1");
        }
    }

    /** The delay before attempt {@code attempt}; {@code random} gives values in [0, 1). */
    public Duration delay(int attempt, DoubleSupplier random) {
        double ceiling = Math.min(maxDelay.toMillis(), initialDelay.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        return Duration.ofMillis((long) Math.floor(random.getAsDouble() * ceiling));
    }
}
