package dev.marketstream.wsgateway.domain;

import java.nio.charset.StandardCharsets;

/**
 * A market update with its per-stream sequence number, encoded once on the feed thread and shared by every
 * subscriber: the frame's UTF-8 bytes (what goes on the wire) and the key it is conflated under.
 */
public record MarketFrame(MarketUpdate update, long seq, String conflationKey, byte[] utf8) {

    public StreamKey stream() {
        return update.stream();
    }

    /** The frame as text (for tests and logs; the hot path writes {@link #utf8()}). */
    public String json() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
