package dev.marketstream.wsgateway.api;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * Recognises the failures the WebSocket layer reports for a client message over its size limits, the one place that
 * knows their shape (FrameSizeTest fails loudly when Vert.x changes it):
 * <ul>
 * <li>a message over {@code quarkus.websockets-next.server.max-message-size}, in one frame or fragments: Vert.x drops it
 * and reports an {@link IllegalStateException} ("... overflow max message size ..."); the connection is still open and
 * the gateway closes it with 1009;</li>
 * <li>a single frame over {@code max-frame-size}: Netty's decoder refuses it as soon as its header arrives
 * ({@link CorruptedWebSocketFrameException} with status 1009) and Vert.x cuts the TCP connection at once, without a close
 * frame (the client sees 1006).</li>
 * </ul>
 */
final class OversizedFrames {

    private OversizedFrames() {
    }

    static boolean isOversized(Throwable failure) {
        if (failure instanceof CorruptedWebSocketFrameException corrupted) {
            return corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
        }
        return failure instanceof IllegalStateException && failure.getMessage() != null
                && failure.getMessage().contains("max message size");
    }
}
