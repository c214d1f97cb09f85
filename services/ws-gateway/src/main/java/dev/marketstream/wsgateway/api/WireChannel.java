package dev.marketstream.wsgateway.api;

import io.netty.channel.ChannelHandlerContext;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Remembers, at the handshake, the Netty channel context through which Vert.x writes the connection's frames, so
 * that {@link ConnectionSink} can write pre-encoded frames and flush once per batch (see DESIGN.md "Writes").
 * websockets-next exposes no such handle; Vert.x 4's HTTP/1.1 connection (a {@code ConnectionBase}) does, and the
 * WebSocket keeps that connection's channel after the upgrade. Anything else leaves no context and the sink falls
 * back to {@code sendText}. Never refuses an upgrade.
 */
@ApplicationScoped
public class WireChannel implements HttpUpgradeCheck {

    static final UserData.TypedKey<ChannelHandlerContext> CONTEXT = new UserData.TypedKey<>("marketstream.channel");

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (context.httpRequest().connection() instanceof ConnectionBase connection) {
            context.userData().put(CONTEXT, connection.channelHandlerContext());
        }
        return CheckResult.permitUpgrade();
    }
}
