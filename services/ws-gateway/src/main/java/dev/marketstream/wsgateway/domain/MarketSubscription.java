package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ServerEvent;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import java.nio.charset.StandardCharsets;

/**
 * One market subscription of a {@link ClientSession}; lives on its lane. The fan-out delivers to it directly, so a frame
 * reaches its session's state without a lookup by stream.
 */
final class MarketSubscription implements MarketSubscriber {

    final ClientSession session;
    final StreamKey stream;
    final Integer maxFrequency;
    final long minIntervalNanos;
    /** False once unsubscribed or replaced: a frame still on its way to it is dropped. */
    boolean active = true;
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

    MarketSubscription(ClientSession session, StreamKey stream, Integer maxFrequency) {
        this.session = session;
        this.stream = stream;
        this.maxFrequency = maxFrequency;
        this.minIntervalNanos = maxFrequency == null ? 0 : 1_000_000_000L / maxFrequency;
    }

    @Override
    public Lane lane() {
        return session.lane();
    }

    @Override
    public void onMarketFrame(MarketFrame frame) {
        session.onMarketFrame(this, frame);
    }

    @Override
    public void flush() {
        session.flush();
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
