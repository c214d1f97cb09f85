package dev.marketstream.events.binary;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids for data entering the platform at feed rates: time-ordered UUIDs (version 7 layout: 48 bits of
 * milliseconds, then a counter) made from one random process id and an atomic counter instead of a
 * {@link SecureRandom} draw per event (which {@link UUID#randomUUID()} costs). Unique across processes by the
 * random 30-bit process id and within one by the counter; thread-safe.
 */
public final class EventIds {

    private static final long PROCESS = new SecureRandom().nextLong() & 0x3FFF_FFFFL;
    private static final AtomicLong COUNTER = new AtomicLong();

    private EventIds() {
    }

    public static UUID next() {
        long count = COUNTER.getAndIncrement();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | ((count >>> 32) & 0x0FFFL);
        long lsb = 0x8000_0000_0000_0000L | (PROCESS << 32) | (count & 0xFFFF_FFFFL);
        return new UUID(msb, lsb);
    }
}
