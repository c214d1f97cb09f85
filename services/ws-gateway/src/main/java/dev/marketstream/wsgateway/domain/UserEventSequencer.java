package dev.marketstream.wsgateway.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Keeps one connection's user (or broadcast) events in {@code seq} order without duplicates or gaps while history
 * fetches run and live events keep arriving: live events are held while a fetch runs and released, merged with
 * what it found, when the last fetch ends; anything at or below the last delivered {@code seq} is skipped. An event
 * counts as delivered only when it was sent: one the connection's subscriptions filtered out (or that arrived before
 * a resume restored them) does not move the mark, so a replay that follows still sends it.
 * <p>
 * Fetches come from a resume ({@link #beginReplay}), from a live event whose {@code seq} skips one after the highest
 * seen (Pub/Sub lost a message), and from {@link #catchUp} (the Pub/Sub subscription was re-established): the last two
 * ask {@code missed} for the history after the highest {@code seq} seen, which answers with {@link #endReplay}.
 * Confined to the lane.
 */
public final class UserEventSequencer<E> {

    /** An event with its sequence number. */
    public record Numbered<E>(long seq, E event) {
    }

    private final Predicate<Numbered<E>> deliver;
    private final LongConsumer missed;
    private final List<Numbered<E>> held = new ArrayList<>();
    private long lastDelivered = -1;
    /** The highest {@code seq} handed to this sequencer, sent or filtered out; -1 before the first. */
    private long lastSeen = -1;
    private int fetches;

    /**
     * @param deliver sends an event and answers whether it did (false: the subscriptions filtered it out)
     * @param missed starts a history fetch of the events after the given {@code seq}; its result goes to {@link #endReplay}
     */
    public UserEventSequencer(Predicate<Numbered<E>> deliver, LongConsumer missed) {
        this.deliver = deliver;
        this.missed = missed;
    }

    /** A live event from Pub/Sub. */
    public void live(long seq, E event) {
        if (fetches > 0) {
            held.add(new Numbered<>(seq, event));
        } else if (lastSeen >= 0 && seq > lastSeen + 1) {
            held.add(new Numbered<>(seq, event));
            fetchAfter(lastSeen);
        } else {
            deliverIfNew(new Numbered<>(seq, event));
        }
    }

    /** Starts a replay: the client has seen everything up to {@code lastSeen}; the caller fetches the history. */
    public void beginReplay(long lastSeen) {
        fetches++;
        lastDelivered = Math.max(lastDelivered, lastSeen);
        this.lastSeen = Math.max(this.lastSeen, lastSeen);
    }

    /** Fetches what was published after the highest {@code seq} seen, when live events may have been lost meanwhile. */
    public void catchUp() {
        if (lastSeen >= 0) {
            fetchAfter(lastSeen);
        }
    }

    /**
     * Ends a fetch with the history entries after the {@code seq} it asked for; when no other fetch runs, releases
     * them merged with the held live events, in {@code seq} order.
     */
    public void endReplay(List<Numbered<E>> history) {
        held.addAll(0, history); // before the live events: of two with one seq, the history's is sent
        fetches = Math.max(0, fetches - 1);
        if (fetches > 0) {
            return;
        }
        List<Numbered<E>> all = new ArrayList<>(held);
        held.clear();
        all.sort(Comparator.comparingLong(Numbered::seq));
        all.forEach(this::deliverIfNew);
    }

    public long lastDelivered() {
        return lastDelivered;
    }

    public boolean replaying() {
        return fetches > 0;
    }

    private void fetchAfter(long seq) {
        fetches++;
        missed.accept(seq);
    }

    private void deliverIfNew(Numbered<E> event) {
        lastSeen = Math.max(lastSeen, event.seq());
        if (event.seq() > lastDelivered && deliver.test(event)) {
            lastDelivered = event.seq();
        }
    }
}
