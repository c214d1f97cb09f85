package dev.marketstream.wsgateway.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps one connection's user (or broadcast) events in {@code seq} order without duplicates while a
 * resume replays history and live events keep arriving: live events are held during the replay and
 * released afterwards, and anything at or below the last delivered {@code seq} is skipped. An event counts as
 * delivered only when it was sent: one the connection's subscriptions filtered out (or that arrived before a resume
 * restored them) does not move the mark, so a replay that follows still sends it.
 * Confined to the lane.
 */
public final class UserEventSequencer<E> {

    /** An event with its sequence number. */
    public record Numbered<E>(long seq, E event) {
    }

    private final Predicate<Numbered<E>> deliver;
    private final List<Numbered<E>> held = new ArrayList<>();
    private long lastDelivered = -1;
    private boolean replaying;

    /** @param deliver sends an event and answers whether it did (false: the subscriptions filtered it out) */
    public UserEventSequencer(Predicate<Numbered<E>> deliver) {
        this.deliver = deliver;
    }

    /** A live event from Pub/Sub. */
    public void live(long seq, E event) {
        if (replaying) {
            held.add(new Numbered<>(seq, event));
        } else {
            deliverIfNew(new Numbered<>(seq, event));
        }
    }

    /** Starts a replay: the client has seen everything up to {@code lastSeen}. */
    public void beginReplay(long lastSeen) {
        replaying = true;
        lastDelivered = Math.max(lastDelivered, lastSeen);
    }

    /** Ends a replay with the history entries after the client's last seen {@code seq}, then releases held live events. */
    public void endReplay(List<Numbered<E>> history) {
        List<Numbered<E>> all = new ArrayList<>(history);
        all.addAll(held);
        held.clear();
        replaying = false;
        all.sort(Comparator.comparingLong(Numbered::seq));
        all.forEach(this::deliverIfNew);
    }

    public long lastDelivered() {
        return lastDelivered;
    }

    public boolean replaying() {
        return replaying;
    }

    private void deliverIfNew(Numbered<E> event) {
        if (event.seq() > lastDelivered && deliver.test(event)) {
            lastDelivered = event.seq();
        }
    }
}
