package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ServerEvent;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import java.nio.charset.StandardCharsets;

/** One market subscription of a {@link ClientSession}; lives on its lane. */
final class MarketSubscription {

    final StreamKey stream;
    final Integer maxFrequency;
    final long minIntervalNanos;
    boolean awaitingSnapshot = true;
    MarketFrame held;
    /** Candles with history: the interval whose stored bars lead the stream, until they are sent; null otherwise. */
    String historyInterval;
    /** Candles with history: the newest live bar of {@link #historyInterval} that arrived while the history was read. */
    MarketFrame seamFrame;
    /** Order books: the gateway's book of the symbol, set when the subscribe snapshot is sent. */
    LiveBook book;
    /** Order books: the {@code book_seq} of the last whole book sent; updates at or below it are already in it. */
    long bookSeqSent = Long.MIN_VALUE;
    /** Order books: the {@code seq} of the last frame of the stream sent or received, which a rendered book carries. */
    long lastSeq;
    /** Order books: the current book, standing in for deltas the outbox cannot write one by one. */
    final Outbox.StateFrame currentBook = this::renderBook;

    MarketSubscription(StreamKey stream, Integer maxFrequency) {
        this.stream = stream;
        this.maxFrequency = maxFrequency;
        this.minIntervalNanos = maxFrequency == null ? 0 : 1_000_000_000L / maxFrequency;
    }

    /** Holds a live frame while the snapshot (and history) is read: the latest one, and the latest of the history interval. */
    void hold(MarketFrame frame) {
        held = frame;
        if (historyInterval != null && historyInterval.equals(frame.update().variant())) {
            seamFrame = frame;
        }
    }

    /** The gateway's current book as a frame, when the outbox writes it; null while the gateway's book is unsynced. */
    private byte[] renderBook() {
        BookSnapshot snapshot = book == null ? null : book.snapshot();
        if (snapshot == null) {
            return null;
        }
        bookSeqSent = snapshot.bookSeq();
        return ServerFrames.market(ServerEvent.MARKET_ORDERBOOK, stream.wireName(), lastSeq, false, snapshot.dataJson())
                .getBytes(StandardCharsets.UTF_8);
    }
}
