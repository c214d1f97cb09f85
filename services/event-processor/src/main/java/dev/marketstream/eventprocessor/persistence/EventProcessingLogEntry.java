package dev.marketstream.eventprocessor.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A row of {@code event_processing_log} (created by Flyway, {@code db/migration}). */
@Entity
@Table(name = "event_processing_log")
public class EventProcessingLogEntry extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "source_topic", nullable = false)
    public String sourceTopic;

    @Column(name = "partition_key", nullable = false)
    public String partitionKey;

    /** {@code pending}, {@code processed}, {@code failed} or {@code dead_lettered}. */
    @Column(nullable = false)
    public String status;

    @Column(name = "retry_count", nullable = false)
    public int retryCount;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "stream_entry_id")
    public String streamEntryId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public static Uni<List<EventProcessingLogEntry>> byStatus(String status, int limit) {
        return find("status = ?1 order by updatedAt desc", status).page(0, limit).list();
    }
}
