package dev.marketstream.wsgateway.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Remembers, at the handshake, the Netty channel context through which Vert.x writes the connection's frames, so
 * that {@link ConnectionSink} can write pre-encoded frames and flush once per batch (see DESIGN.md "Writes").
 * websockets-next exposes no such handle; Vert.x 4's HTTP/1.1 connection (a {@code ConnectionBase}) does, and the
 * WebSocket keeps that connection's channel after the upgrade. Anything else leaves no context and the sink falls
 * back to {@code sendText}; that is logged once, counted, and {@code WireChannelTest} fails on it, so a Vert.x upgrade
 * that changes the internal class cannot slow the gateway down unnoticed. Never refuses an upgrade.
 */
@ApplicationScoped
public class WireChannel implements HttpUpgradeCheck {

    static final UserData.TypedKey<ChannelHandlerContext> CONTEXT = new UserData.TypedKey<>("marketstream.channel");

    private static final Logger LOG = Logger.getLogger(WireChannel.class);

    private final LongAdder found = new LongAdder();
    private final LongAdder missing = new LongAdder();
    private final LongAdder idleHandlersRemoved = new LongAdder();

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (context.httpRequest().connection() instanceof ConnectionBase connection) {
            context.userData().put(CONTEXT, connection.channelHandlerContext());
            found.increment();
        } else {
            missing.increment();
            if (missing.sum() == 1) {
                LOG.warnf("no Netty channel behind %s: frames go through sendText, flushed one by one (see DESIGN.md \"Writes\")",
                        context.httpRequest().connection().getClass().getName());
            }
        }
        return CheckResult.permitUpgrade();
    }

    /**
     * Takes the HTTP server's idle-state handler ({@code quarkus.http.idle-timeout}) out of an upgraded connection's
     * pipeline: the gateway's sweep closes silent WebSockets itself ({@code gateway.sessions.idle-timeout}), and the
     * handler put a listener on every frame written (5.5 % of the event loops at 100,000 msg/s) and kept a timer per
     * connection. Runs on the connection's event loop, once it is a WebSocket.
     */
    void dropIdleStateHandler(ChannelHandlerContext channel) {
        if (channel != null && channel.pipeline().get(IdleStateHandler.class) != null) {
            channel.pipeline().remove(IdleStateHandler.class);
            idleHandlersRemoved.increment();
        }
    }

    /** Upgrades whose channel was found, upgrades that fell back to {@code sendText}, idle-state handlers removed. */
    long[] upgrades() {
        return new long[] {found.sum(), missing.sum(), idleHandlersRemoved.sum()};
    }
}
