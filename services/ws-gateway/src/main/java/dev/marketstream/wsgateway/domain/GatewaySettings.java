package dev.marketstream.wsgateway.domain;

import java.time.Duration;

/** The limits the gateway's logic applies, as plain values (built from the service configuration). */
public record GatewaySettings(
        int maxSymbolsPerRequest,
        int maxStreamsPerConnection,
        int maxFrequency,
        Outbox.Limits outbound,
        FrameGuard.Limits inbound,
        Duration resumeWindow,
        Duration idleTimeout,
        Duration pingInterval,
        Duration sessionRefresh,
        int maxReplay,
        int maxConnectionsPerUser) {

    /**
     * How long a live connection's session state is kept without a refresh. Asked once per session on every refresh:
     * two {@code plus} calls, since {@code Duration.multipliedBy} goes through {@code BigDecimal} (a profile found it).
     */
    public Duration liveSessionTtl() {
        return resumeWindow.plus(sessionRefresh).plus(sessionRefresh);
    }
}
