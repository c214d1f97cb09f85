package dev.marketstream.wsgateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A subscription of a connection, or a persistent one stored through the REST API ({@code stream_subscriptions}). */
@Entity
@Table(name = "stream_subscriptions")
public class SubscriptionRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "connection_id")
    public String connectionId;

    @Column(name = "stream_type", nullable = false)
    public String streamType;

    /** JSON object: symbols/data_types/max_frequency, portfolio_id/update_types, or alert_types. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String parameters;

    @Column(nullable = false)
    public boolean persistent;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "removed_at")
    public OffsetDateTime removedAt;
}
