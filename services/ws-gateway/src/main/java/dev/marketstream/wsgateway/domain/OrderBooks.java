package dev.marketstream.wsgateway.domain;

import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's order book of every symbol seen on {@code market-orderbook} (and of every symbol a client subscribed
 * to the book of): a subscriber gets the current book at once, and a stream a client cannot keep up with is replaced
 * by it. The feed thread applies each record as it decodes it, before the fan-out, so a book is never behind a frame
 * a lane holds. Thread-safe.
 */
public final class OrderBooks {

    private final Map<String, LiveBook> bySymbol = new ConcurrentHashMap<>();
    private final GatewayStats stats;

    public OrderBooks(GatewayStats stats) {
        this.stats = stats;
    }

    /** The book of a symbol, empty and unsynced until its first snapshot record. */
    public LiveBook book(String symbol) {
        LiveBook book = bySymbol.get(symbol);
        return book != null ? book : bySymbol.computeIfAbsent(symbol, LiveBook::new);
    }

    /**
     * Applies a record of the symbol's book (on the feed thread), counting a book that loses its sync.
     *
     * @param update the record's decoder, just wrapped or rewound
     * @throws dev.marketstream.events.codec.EventValidationException for a level the book refuses; it is then unsynced
     */
    public OrderBook.Outcome apply(String symbol, BookUpdateDecoder update) {
        return book(symbol).apply(update, stats.bookGaps);
    }
}
