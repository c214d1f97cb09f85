package dev.marketstream.eventprocessor.persistence;

import dev.marketstream.eventprocessor.domain.StatusChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Writes status changes into {@code event_processing_log} with one multi-row upsert per batch. A row
 * only moves forward: a change older than the row's {@code updated_at} (a late write from another pod)
 * leaves it as it is; the retry count never goes down.
 */
@ApplicationScoped
public class ProcessingLogRepository {

    private static final int COLUMNS = 9;

    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1)
    @CircuitBreakerName("postgresql-log")
    @Timeout(10_000)
    public Uni<Integer> upsert(List<StatusChange> changes) {
        String sql = upsertStatement(changes.size());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            int p = 1;
            for (StatusChange change : changes) {
                query.setParameter(p++, change.eventId());
                query.setParameter(p++, change.eventType());
                query.setParameter(p++, change.sourceTopic());
                query.setParameter(p++, change.partitionKey());
                query.setParameter(p++, change.status().column());
                query.setParameter(p++, change.retryCount());
                query.setParameter(p++, change.error() == null ? "" : change.error());
                query.setParameter(p++, change.streamEntryId() == null ? "" : change.streamEntryId());
                query.setParameter(p++, change.at().atOffset(ZoneOffset.UTC));
            }
            return query.executeUpdate();
        }));
    }

    static String upsertStatement(int rows) {
        StringBuilder sql = new StringBuilder(256 + rows * 120).append("""
                INSERT INTO event_processing_log AS log (event_id, event_type, source_topic, partition_key, status,
                    retry_count, error_message, stream_entry_id, created_at, updated_at) VALUES
                """);
        for (int row = 0; row < rows; row++) {
            int p = row * COLUMNS;
            sql.append(row == 0 ? "" : ",\n")
                    .append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?").append(p + 3)
                    .append(", ?").append(p + 4).append(", ?").append(p + 5).append(", ?").append(p + 6)
                    .append(", NULLIF(?").append(p + 7).append(", ''), NULLIF(?").append(p + 8).append(", '')")
                    .append(", ?").append(p + 9).append(", ?").append(p + 9).append(')');
        }
        return sql.append("""

                ON CONFLICT (event_id) DO UPDATE SET
                    status = EXCLUDED.status,
                    retry_count = GREATEST(log.retry_count, EXCLUDED.retry_count),
                    error_message = COALESCE(EXCLUDED.error_message, log.error_message),
                    stream_entry_id = COALESCE(EXCLUDED.stream_entry_id, log.stream_entry_id),
                    updated_at = EXCLUDED.updated_at
                WHERE log.updated_at <= EXCLUDED.updated_at
                """).toString();
    }
}
