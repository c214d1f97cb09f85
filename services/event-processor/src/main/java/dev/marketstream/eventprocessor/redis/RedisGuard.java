package dev.marketstream.eventprocessor.redis;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The one circuit breaker in front of Redis, shared by every Redis call of the pipeline (they all
 * fail together when Redis does): opens when half of the last 10 calls failed, lets a trial call
 * through after 2 s. Refusals of a single entry ({@link RedisRejectedException}) do not count.
 */
@ApplicationScoped
public class RedisGuard {

    public static final String NAME = "redis";

    private static final Logger LOG = Logger.getLogger(RedisGuard.class);

    private final AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);

    @Produces
    @Identifier(NAME)
    @Singleton
    Guard guard() {
        return Guard.create()
                .withDescription("Redis")
                .withCircuitBreaker()
                .name(NAME)
                .requestVolumeThreshold(10)
                .failureRatio(0.5)
                .delay(2, ChronoUnit.SECONDS)
                .successThreshold(1)
                .skipOn(RedisRejectedException.class)
                .onStateChange(this::changed)
                .done()
                .build();
    }

    /** The breaker's state: CLOSED while Redis answers. */
    public CircuitBreakerState state() {
        return state.get();
    }

    private void changed(CircuitBreakerState now) {
        CircuitBreakerState before = state.getAndSet(now);
        if (before != now) {
            LOG.infof("Redis circuit breaker %s -> %s", before, now);
        }
    }
}
