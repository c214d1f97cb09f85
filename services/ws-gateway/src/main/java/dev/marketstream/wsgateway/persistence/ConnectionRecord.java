package dev.marketstream.wsgateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One WebSocket connection, open or closed ({@code websocket_connections}). */
@Entity
@Table(name = "websocket_connections")
public class ConnectionRecord extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "session_id", nullable = false)
    public String sessionId;

    @Column(name = "pod_id", nullable = false)
    public String podId;

    @Column(name = "remote_address")
    public String remoteAddress;

    @Column(nullable = false)
    public String status;

    @Column(name = "connected_at", nullable = false)
    public OffsetDateTime connectedAt;

    @Column(name = "last_heartbeat_at", nullable = false)
    public OffsetDateTime lastHeartbeatAt;

    @Column(name = "disconnected_at")
    public OffsetDateTime disconnectedAt;

    @Column(name = "close_code")
    public Integer closeCode;

    @Column(name = "close_reason")
    public String closeReason;
}
