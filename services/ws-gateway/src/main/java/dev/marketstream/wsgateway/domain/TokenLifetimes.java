package dev.marketstream.wsgateway.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * When each connection's token stops counting: a connection lives no longer than its JWT unless the client sends a
 * fresh one ({@code refresh}). One ordered map of deadlines (epoch seconds) for the whole pod, each second holding the
 * sessions whose token ends then; one periodic task takes what is due ({@link #due}). No timer per connection, and a
 * closed or refreshed session leaves its second at once. Thread-safe: open and close run on many lanes.
 */
public final class TokenLifetimes {

    private final TreeMap<Long, Set<ClientSession>> bySecond = new TreeMap<>();
    private final LongSupplier epochSeconds;

    public TokenLifetimes(LongSupplier epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    /** The session's token is refused from {@code epochSecond} on; replaces what was tracked for the session before. */
    public synchronized void track(ClientSession session, long epochSecond) {
        forget(session);
        session.tokenRefusedFrom(epochSecond);
        if (epochSecond != Long.MAX_VALUE) {
            bySecond.computeIfAbsent(epochSecond, second -> new HashSet<>()).add(session);
        }
    }

    /** The connection closed: its deadline no longer matters. */
    public synchronized void forget(ClientSession session) {
        long second = session.tokenRefusedFrom();
        Set<ClientSession> sessions = bySecond.get(second);
        if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
            bySecond.remove(second);
        }
    }

    /** Takes the sessions whose token is refused by now; they are tracked no more (a later refresh tracks them again). */
    public synchronized List<ClientSession> due() {
        long now = epochSeconds.getAsLong();
        List<ClientSession> due = new ArrayList<>();
        while (!bySecond.isEmpty() && bySecond.firstKey() <= now) {
            Map.Entry<Long, Set<ClientSession>> first = bySecond.pollFirstEntry();
            due.addAll(first.getValue());
        }
        return due;
    }

    /** Whether the session's token is refused by now (checked again on its lane: a refresh may have come meanwhile). */
    public boolean expired(ClientSession session) {
        return epochSeconds.getAsLong() >= session.tokenRefusedFrom();
    }

    /** How many sessions are tracked; for tests. */
    synchronized int tracked() {
        return bySecond.values().stream().mapToInt(Set::size).sum();
    }
}
