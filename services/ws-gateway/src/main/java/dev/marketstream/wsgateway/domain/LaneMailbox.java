package dev.marketstream.wsgateway.domain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The market frames the feed thread handed to one lane and the lane has not delivered yet (see DESIGN.md "Fan-out").
 * At most one drain task waits on the lane at a time: what arrives while the lane is busy is kept here and goes out
 * with the next drain, so a lane that falls behind writes bigger batches, with fewer flushes per frame, instead of
 * queueing one task per poll. A frame that waited longer than {@code conflateAfterNanos} is skipped when a newer frame
 * of the same conflation key waits behind it (latest wins, as behind a slow socket): a lane that cannot keep up sends
 * the newest prices instead of ever older ones. Order-book frames are never skipped (they are deltas). After the
 * flushes it records each written frame's age (tick timestamp to socket write) once for the lane, with one clock read.
 */
final class LaneMailbox {

    /** A frame and this lane's subscribers of its stream, as posted at {@code postedNanos}. */
    record Delivery(MarketFrame frame, Set<MarketSubscriber> subscribers, long postedNanos) {
    }

    private final Lane lane;
    private final GatewayStats stats;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final long conflateAfterNanos;
    private final BusyLanes busyLanes;
    private final Runnable drain = this::drain;
    /** The frames of the running drain that reached a subscriber; reused by every drain, all on the lane. */
    private final List<MarketFrame> writtenFrames = new ArrayList<>();
    /**
     * The subscribers the running drain wrote to, to flush: a list, not a set, since flushing a connection again costs
     * less than hashing each delivery; reused by every drain.
     */
    private final List<MarketSubscriber> written = new ArrayList<>();
    /** Guarded by {@code this}. */
    private List<Delivery> pending = new ArrayList<>();
    /** Whether a drain task waits on the lane; guarded by {@code this}. */
    private boolean drainQueued;
    /** Whether frames were posted that a drain has not finished writing yet; guarded by {@code this}. */
    private boolean busy;

    LaneMailbox(Lane lane, GatewayStats stats, Clock clock, LongSupplier nanoClock, long conflateAfterNanos,
            BusyLanes busyLanes) {
        this.lane = lane;
        this.busyLanes = busyLanes;
        this.stats = stats;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.conflateAfterNanos = conflateAfterNanos;
    }

    /** Called by the feed thread with one poll's frames for this lane, in order. */
    void post(List<Delivery> deliveries) {
        synchronized (this) {
            pending.addAll(deliveries);
            if (!busy) {
                busy = true;
                busyLanes.busy();
            }
            if (drainQueued) {
                return;
            }
            drainQueued = true;
        }
        lane.execute(drain);
    }

    /**
     * On the lane: writes every frame that waits and flushes the connections written to, one write(2) each: the last
     * frame's subscribers right after it, the others after the batch. The lane is idle again when no other drain was
     * queued meanwhile.
     */
    private void drain() {
        List<Delivery> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            drainQueued = false;
        }
        try {
            write(batch);
        } finally {
            boolean idle;
            synchronized (this) {
                idle = !drainQueued;
                if (idle) {
                    busy = false;
                }
            }
            if (idle) {
                busyLanes.idle();
            }
        }
    }

    private void write(List<Delivery> batch) {
        boolean[] skip = superseded(batch);
        written.clear(); // also of a drain a subscriber's failure cut short
        writtenFrames.clear();
        for (int i = 0; i < batch.size(); i++) {
            Delivery delivery = batch.get(i);
            if (skip != null && skip[i]) {
                stats.conflated.add(delivery.subscribers().size());
                continue;
            }
            // nothing follows the batch's last frame (which is never superseded): its subscribers are flushed while
            // their connection's objects are still in the cache, instead of in the pass over the others
            boolean last = i == batch.size() - 1;
            boolean wrote = false;
            for (MarketSubscriber subscriber : delivery.subscribers()) {
                if (subscriber.lane() == lane) {
                    subscriber.onMarketFrame(delivery.frame());
                    if (last) {
                        subscriber.flush();
                    } else {
                        written.add(subscriber);
                    }
                    wrote = true;
                }
            }
            if (wrote) {
                writtenFrames.add(delivery.frame());
            }
        }
        for (int i = 0; i < written.size(); i++) {
            written.get(i).flush();
        }
        written.clear();
        recordWriteAges();
    }

    private void recordWriteAges() {
        if (writtenFrames.isEmpty()) {
            return;
        }
        long nowMicros = FanOut.micros(clock.instant());
        for (MarketFrame frame : writtenFrames) {
            MarketUpdate update = frame.update();
            stats.recordWriteLatencyMicros(update.stream().type(), nowMicros - update.timestampNanos() / 1_000);
        }
    }

    /**
     * Which frames of the batch to skip: those older than the limit with a newer frame of the same key behind them.
     * Null (nothing to skip) unless the oldest frame waited past the limit, which keeps a lane that keeps up exact.
     */
    private boolean[] superseded(List<Delivery> batch) {
        if (batch.isEmpty()) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (now - batch.get(0).postedNanos() <= conflateAfterNanos) {
            return null;
        }
        boolean[] skip = new boolean[batch.size()];
        Set<String> newer = new HashSet<>();
        for (int i = batch.size() - 1; i >= 0; i--) {
            Delivery delivery = batch.get(i);
            MarketFrame frame = delivery.frame();
            if (frame.update().book() != null) {
                continue;
            }
            boolean seen = !newer.add(frame.conflationKey());
            skip[i] = seen && now - delivery.postedNanos() > conflateAfterNanos;
        }
        return skip;
    }
}
