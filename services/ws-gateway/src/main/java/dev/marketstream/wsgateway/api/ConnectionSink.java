package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.domain.Outbox;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes an outbox's frames to a websockets-next connection. When the connection's Netty channel is known
 * ({@link WireChannel}), a frame is written without a flush, and {@link #flush()} then pushes a whole batch in one
 * system call: on a connection without extensions it is the WebSocket frame the event loop encoded once for all
 * its connections ({@link SharedFrames}); with permessage-deflate it is a {@link TextWebSocketFrame} of the shared
 * UTF-8 bytes, which the extension compresses for this connection. Backpressure is the channel's writability: frames
 * are written with the channel's void promise (no promise or listener per frame), and a handler in the pipeline tells
 * the outbox when bytes above the channel's high-water mark have drained below its low one. Otherwise (never on the
 * HTTP/1.1 server this gateway runs) each frame goes through {@link WebSocketConnection#sendText}, which flushes, and
 * at most {@link #MAX_UNCONFIRMED} of them await their completion. Runs on the connection's event loop.
 */
final class ConnectionSink implements Outbox.Sink {

    private static final Logger LOG = Logger.getLogger(ConnectionSink.class);

    /** A close frame's reason may hold at most 123 bytes. */
    private static final int MAX_REASON_BYTES = 123;

    private static final Buffer PING = Buffer.buffer(new byte[0]);

    /** Frames sent through {@code sendText} (no channel) that may await their completion at once. */
    static final int MAX_UNCONFIRMED = 1024;

    private final WebSocketConnection connection;
    private final ChannelHandlerContext channel;
    private Runnable drain = () -> { };
    /** Whether frames may go pre-encoded: null until the upgraded pipeline was looked at. */
    private Boolean plainFrames;
    private int unconfirmed;

    /**
     * @param channel where Vert.x writes this connection's frames, or null to use {@code sendText}
     * @param highWaterMark bytes written to the channel and not yet taken by the kernel above which it is not writable
     */
    ConnectionSink(WebSocketConnection connection, ChannelHandlerContext channel, int highWaterMark) {
        this.connection = connection;
        this.channel = channel;
        if (channel != null) {
            channel.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(highWaterMark / 2, highWaterMark));
            channel.pipeline().addBefore(channel.name(), "marketstream-drain", new DrainWhenWritable());
        }
    }

    @Override
    public void write(byte[] utf8Frame) {
        if (channel == null) {
            unconfirmed++;
            connection.sendText(new String(utf8Frame, StandardCharsets.UTF_8)).subscribe().with(ok -> confirmed(), failure -> {
                writeFailed(failure);
                confirmed();
            });
            return;
        }
        Object frame = plainFrames() ? SharedFrames.textFrame(utf8Frame, channel.alloc())
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8Frame));
        // a failed write reaches the pipeline's exception handler and closes the connection (GatewaySocket.onError)
        channel.write(frame, channel.voidPromise());
    }

    @Override
    public boolean writable() {
        return channel != null ? channel.channel().isWritable() : unconfirmed < MAX_UNCONFIRMED;
    }

    @Override
    public void onWritable(Runnable drain) {
        this.drain = drain;
    }

    private void confirmed() {
        if (unconfirmed-- == MAX_UNCONFIRMED) {
            drain.run();
        }
    }

    /**
     * Whether the upgraded pipeline encodes WebSocket frames and has no extension (permessage-deflate) that must see
     * them. Until the handshake finished, no: the greeting can be written before the frame encoder is in place, or
     * while the HTTP encoder still waits for the 101 response to be written (Netty removes it only then, which on an
     * asynchronous transport such as io_uring comes after the first frames) and would refuse a raw buffer.
     */
    private boolean plainFrames() {
        if (plainFrames == null) {
            boolean encoder = false;
            boolean extension = false;
            boolean http = false;
            for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
                encoder |= handler.getValue() instanceof WebSocketFrameEncoder;
                extension |= handler.getValue() instanceof WebSocketExtensionEncoder;
                http |= handler.getValue() instanceof HttpResponseEncoder || handler.getValue() instanceof HttpServerCodec;
            }
            if (!encoder || http) {
                return false;
            }
            plainFrames = !extension;
        }
        return plainFrames;
    }

    /**
     * Placed before Vert.x's handler, which it passes every event on to: when the channel turns writable again (its
     * unwritten bytes fell below the low-water mark), the outbox writes its backlog, in a task of its own so that it
     * never runs inside the flush that drained the channel.
     */
    private final class DrainWhenWritable extends ChannelInboundHandlerAdapter {
        private final Runnable drainLater = () -> drain.run();

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
            if (context.channel().isWritable()) {
                context.executor().execute(drainLater);
            }
            super.channelWritabilityChanged(context);
        }
    }

    /**
     * A frame {@code sendText} did not deliver. On a connection that is closing that is routine (debug); any other
     * cause is a frame lost on an open connection and is logged.
     */
    private void writeFailed(Throwable cause) {
        if (cause instanceof ClosedChannelException || !connection.isOpen()) {
            LOG.debugf("frame to closing connection %s not written: %s", connection.id(), cause.toString());
        } else {
            LOG.warnf(cause, "frame to open connection %s not written", connection.id());
        }
    }

    @Override
    public void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    @Override
    public void ping() {
        connection.sendPing(PING).subscribe().with(ok -> { },
                failure -> LOG.debugf("ping to connection %s not sent: %s", connection.id(), failure.toString()));
    }

    @Override
    public void close(int code, String reason) {
        if (connection.isOpen()) {
            // a close that fails finds the connection already gone: nothing is lost
            connection.close(new CloseReason(code, truncate(reason))).subscribe().with(ok -> { },
                    failure -> LOG.debugf("close %d of connection %s failed: %s", code, connection.id(), failure.toString()));
        }
    }

    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_REASON_BYTES ? reason : new String(bytes, 0, MAX_REASON_BYTES - 3, StandardCharsets.US_ASCII) + "...";
    }
}
