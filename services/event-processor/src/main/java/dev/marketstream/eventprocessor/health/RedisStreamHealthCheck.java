package dev.marketstream.eventprocessor.health;

import dev.marketstream.eventprocessor.messaging.StreamWorkers;
import dev.marketstream.eventprocessor.persistence.ProcessingLogWriter;
import dev.marketstream.eventprocessor.redis.RedisGuard;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the stream consumer reaches Redis and the Redis circuit breaker is not open; reports the processing-log backlog beside it. */
@Readiness
@ApplicationScoped
public class RedisStreamHealthCheck implements HealthCheck {

    private final StreamWorkers workers;
    private final ProcessingLogWriter processingLog;
    private final RedisGuard redis;

    public RedisStreamHealthCheck(StreamWorkers workers, ProcessingLogWriter processingLog, RedisGuard redis) {
        this.workers = workers;
        this.processingLog = processingLog;
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("user-event-stream")
                .status(workers.healthy() && redis.state() != CircuitBreakerState.OPEN)
                .withData("redis_circuit_breaker", redis.state().name())
                .withData("processing_log_backlog", processingLog.backlog())
                .build();
    }
}
