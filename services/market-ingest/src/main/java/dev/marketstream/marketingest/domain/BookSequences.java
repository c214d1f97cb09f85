package dev.marketstream.marketingest.domain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The book sequence numbers this process gives the order books providers send: per symbol, from 1, +1 per book.
 * Each provider book is a whole-book SNAPSHOT, which a reader applies whatever its number. Thread-safe.
 */
public final class BookSequences {

    private final ConcurrentHashMap<String, AtomicLong> last = new ConcurrentHashMap<>();

    public long next(String symbol) {
        return last.computeIfAbsent(symbol, s -> new AtomicLong()).incrementAndGet();
    }
}
