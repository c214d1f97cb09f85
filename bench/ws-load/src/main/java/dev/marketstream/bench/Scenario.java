package dev.marketstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The symbols a load connection subscribes to, the same in both load clients ({@code bench/ws-load-node/scenario.js}):
 * {@code perConn} distinct symbols drawn by mulberry32 seeded with the connection's number, so that, as in the Socket.IO
 * anchor's client, a connection's symbols are spread over the whole list. Until 2026-12-07 connection {@code c} took the
 * consecutive symbols {@code c·perConn ..}, which a round-robin feed ticked one right after the other: the gateway wrote
 * all of a connection's ticks of a round in one system call, four frames each, which no real feed allows
 * (docs/benchmarks.md).
 */
final class Scenario {

    private Scenario() {
    }

    /** The symbols of connection {@code connection} (0-based over all load processes), in draw order. */
    static List<String> symbolsOf(String prefix, int connection, int perConn, int symbols) {
        Set<Integer> drawn = new LinkedHashSet<>();
        Mulberry32 random = new Mulberry32(connection);
        while (drawn.size() < Math.min(perConn, symbols)) {
            drawn.add(random.below(symbols));
        }
        List<String> names = new ArrayList<>(drawn.size());
        drawn.forEach(s -> names.add(prefix + s));
        return names;
    }

    /** Tommy Ettinger's mulberry32: small, and exactly reproducible in JavaScript's 32-bit integer arithmetic. */
    static final class Mulberry32 {
        private int state;

        Mulberry32(int seed) {
            this.state = seed;
        }

        /** The next 32 bits, as an unsigned value. */
        long next() {
            state += 0x6D2B79F5;
            int t = (state ^ (state >>> 15)) * (1 | state);
            t = (t + (t ^ (t >>> 7)) * (61 | t)) ^ t;
            return Integer.toUnsignedLong(t ^ (t >>> 14));
        }

        /** A value in {@code [0, bound)}: {@code floor(next / 2^32 · bound)}, as JavaScript computes it exactly. */
        int below(int bound) {
            return (int) ((next() * bound) >>> 32);
        }
    }
}
