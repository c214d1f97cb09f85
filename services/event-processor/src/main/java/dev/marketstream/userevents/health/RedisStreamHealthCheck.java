package dev.marketstream.userevents.health;

import dev.marketstream.userevents.messaging.StreamWorkers;
import dev.marketstream.userevents.persistence.ProcessingLogWriter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the stream consumer reaches Redis; reports the processing-log backlog beside it. */
@Readiness
@ApplicationScoped
public class RedisStreamHealthCheck implements HealthCheck {

    private final StreamWorkers workers;
    private final ProcessingLogWriter processingLog;

    public RedisStreamHealthCheck(StreamWorkers workers, ProcessingLogWriter processingLog) {
        this.workers = workers;
        this.processingLog = processingLog;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("user-event-stream")
                .status(workers.healthy())
                .withData("processing_log_backlog", processingLog.backlog())
                .build();
    }
}
