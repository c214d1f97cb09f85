package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.config.GatewayConfig;
import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.GatewayService;
import io.netty.channel.ChannelHandlerContext;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The {@code /ws} endpoint: thin glue between websockets-next and {@link GatewayService}. Every callback
 * runs on the connection's event loop, which is also its session's lane. Authentication happened in
 * {@link TokenUpgradeCheck} before this class sees the connection.
 *
 * <p>Inbound processing is {@code CONCURRENT}: every callback here is synchronous on the connection's event loop, so
 * they already run one after another in arrival order. The default {@code SERIAL} mode would add a queue to each
 * connection (websockets-next's {@code ConcurrencyLimiter} and its queue, ~1.2 KB of the ~14 KB an idle connection
 * held, see docs/benchmarks.md) to order callbacks that never overlap.
 */
@WebSocket(path = "/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GatewaySocket {

    private static final Logger LOG = Logger.getLogger(GatewaySocket.class);
    static final UserData.TypedKey<ClientSession> SESSION = new UserData.TypedKey<>("marketstream.session");

    private final GatewayService gateway;
    private final VertxLanes lanes;
    private final WireChannel wire;
    private final int maxMessageBytes;
    private final int maxUnwrittenBytes;

    public GatewaySocket(GatewayService gateway, VertxLanes lanes, WireChannel wire,
            @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size") int maxMessageBytes,
            GatewayConfig config) {
        this.gateway = gateway;
        this.lanes = lanes;
        this.wire = wire;
        this.maxMessageBytes = maxMessageBytes;
        this.maxUnwrittenBytes = config.outbound().maxUnwrittenBytes();
    }

    @OnOpen
    @NonBlocking
    void onOpen(WebSocketConnection connection) {
        // The upgrade's entries are taken, not read: the session keeps them, and each left behind costs every connection.
        String userId = connection.userData().remove(TokenUpgradeCheck.USER_ID);
        LOG.debugf("open %s for %s on %s", connection.id(), userId, Thread.currentThread().getName());
        ChannelHandlerContext channel = connection.userData().remove(WireChannel.CONTEXT);
        wire.dropIdleStateHandler(channel);
        ConnectionSink sink = new ConnectionSink(connection, channel, maxUnwrittenBytes);
        long tokenRefusedFrom = connection.userData().remove(TokenUpgradeCheck.TOKEN_REFUSED_FROM);
        ClientSession session = gateway.open(connection.id(), userId, tokenRefusedFrom, lanes.current(), sink,
                connection.handshakeRequest().remoteAddress());
        connection.userData().put(SESSION, session);
    }

    @OnTextMessage
    @NonBlocking
    void onText(String text, WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            gateway.onText(session, text);
        }
    }

    @OnBinaryMessage
    @NonBlocking
    void onBinary(Buffer data, WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            gateway.onBinary(session, data.length());
        }
    }

    @OnPongMessage
    @NonBlocking
    void onPong(Buffer data, WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            gateway.onActivity(session);
        }
    }

    @OnClose
    @NonBlocking
    void onClose(CloseReason reason, WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            gateway.closed(session, reason.getCode(), reason.getMessage());
        }
    }

    @OnError
    @NonBlocking
    void onError(Throwable failure, WebSocketConnection connection) {
        if (OversizedFrames.isOversized(failure)) {
            ClientSession session = connection.userData().get(SESSION);
            if (session != null) {
                gateway.oversized(session, maxMessageBytes, connection.isOpen());
            }
            LOG.debugf("connection %s sent a message over %d bytes: %s", connection.id(), maxMessageBytes, failure);
            return;
        }
        if (failure instanceof java.io.IOException || failure instanceof io.vertx.core.http.HttpClosedException) {
            // A client that vanished (reset, broken pipe): routine at scale, and its close is counted already.
            LOG.debugf("connection %s lost: %s", connection.id(), failure);
        } else {
            LOG.warnf(failure, "connection %s failed", connection.id());
        }
    }
}
