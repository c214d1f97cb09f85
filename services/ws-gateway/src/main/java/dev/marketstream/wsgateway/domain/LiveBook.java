package dev.marketstream.wsgateway.domain;

import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's order book of one symbol, kept the event model's way ({@link OrderBook}: a SNAPSHOT replaces it, a
 * DELTA with the next {@code bookSeq} is applied, a skipped number leaves it unsynced until the next SNAPSHOT). The
 * feed thread applies records; lanes take {@link #snapshot()}s to send to clients. Both lock the book, for the few
 * binary searches of an update or the encoding of a snapshot; JSON is rendered outside the lock.
 */
public final class LiveBook {

    /** The {@code source} of the snapshot records the gateway renders from its books. */
    static final String SOURCE = "ws-gateway";
    private static final UUID NO_EVENT = new UUID(0, 0);
    private static final ThreadLocal<MarketWriter> WRITER = ThreadLocal.withInitial(MarketWriter::new);

    private final String symbol;
    private final OrderBook book = new OrderBook();
    private long timestampNanos;

    LiveBook(String symbol) {
        this.symbol = symbol;
    }

    /**
     * Applies a record whose decoder was just wrapped or rewound. A skipped sequence number or an invalid level
     * leaves the book unsynced; {@code lostSync} counts the times a synced book became unsynced.
     *
     * @throws dev.marketstream.events.codec.EventValidationException for a level the book refuses (see {@link OrderBook})
     */
    synchronized OrderBook.Outcome apply(BookUpdateDecoder update, LongAdder lostSync) {
        boolean wasSynced = book.synced();
        try {
            OrderBook.Outcome outcome = book.apply(update);
            if (outcome == OrderBook.Outcome.REPLACED || outcome == OrderBook.Outcome.APPLIED) {
                timestampNanos = update.exchangeTime();
            }
            return outcome;
        } finally {
            if (wasSynced && !book.synced()) {
                lostSync.increment();
            }
        }
    }

    /** The whole book as a SNAPSHOT record, or null while the book is unsynced (no snapshot yet, or a gap since). */
    public synchronized BookSnapshot snapshot() {
        if (!book.synced()) {
            return null;
        }
        MarketWriter writer = WRITER.get();
        BookUpdateEncoder encoder = writer.bookUpdate().bookSeq(book.seq()).exchangeTime(timestampNanos).kind(BookKind.SNAPSHOT);
        book.writeLevels(encoder);
        encoder.symbol(symbol).source(SOURCE);
        writer.envelope(NO_EVENT, timestampNanos, TraceIds.NONE);
        return new BookSnapshot(book.seq(), writer.toBytes());
    }

    public synchronized boolean synced() {
        return book.synced();
    }

    public String symbol() {
        return symbol;
    }
}
