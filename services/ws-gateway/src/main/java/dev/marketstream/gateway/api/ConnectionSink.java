package dev.marketstream.gateway.api;

import dev.marketstream.gateway.domain.Outbox;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.nio.charset.StandardCharsets;

/** Writes an outbox's frames to a websockets-next connection. */
final class ConnectionSink implements Outbox.Sink {

    /** A close frame's reason may hold at most 123 bytes. */
    private static final int MAX_REASON_BYTES = 123;

    private final WebSocketConnection connection;

    ConnectionSink(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public void write(String frame, Runnable done) {
        connection.sendText(frame).subscribe().with(ok -> done.run(), failure -> done.run());
    }

    @Override
    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, truncate(reason))).subscribe().with(ok -> { }, failure -> { });
        }
    }

    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_REASON_BYTES ? reason : new String(bytes, 0, MAX_REASON_BYTES - 3, StandardCharsets.US_ASCII) + "...";
    }
}
