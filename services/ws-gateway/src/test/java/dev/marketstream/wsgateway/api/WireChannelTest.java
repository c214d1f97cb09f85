package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Fails loudly when the Vert.x internal behind the batched write path changes: every upgrade must find the Netty
 * channel its frames are written to (otherwise the gateway silently falls back to one flushed {@code sendText} per frame).
 * And the sockets must be epoll's, not NIO's: Vert.x falls back to NIO without a word when the native library is missing.
 * The HTTP server's idle-state handler must be gone from every WebSocket's pipeline (a listener per frame written).
 */
@QuarkusTest
class WireChannelTest extends GatewayTestBase {

    @Inject
    WireChannel wire;

    @Inject
    io.vertx.core.Vertx vertx;

    @Test
    void socketsUseTheEpollTransport() {
        assertThat(vertx.isNativeTransportEnabled()).as("native transport enabled (cause if not: %s)",
                vertx.unavailableNativeTransportCause()).isTrue();
    }

    @Test
    void everyUpgradeFindsTheNettyChannelOfItsConnection() {
        long[] before = wire.upgrades();
        connect(LocalJwt.trader(Fixtures.uniqueUser("wire"))).awaitEvent("session");

        long[] after = wire.upgrades();
        assertThat(after[0]).as("upgrades with a channel").isGreaterThan(before[0]);
        assertThat(after[1]).as("upgrades that fell back to sendText").isZero();
    }

    @Test
    void everyWebSocketLosesTheHttpIdleStateHandler() {
        long before = wire.upgrades()[2];
        connect(LocalJwt.trader(Fixtures.uniqueUser("idle-handler"))).awaitEvent("session");

        assertThat(wire.upgrades()[2]).as("idle-state handlers found and removed (the sweep closes silent clients)")
                .isGreaterThan(before);
    }
}
