package dev.marketstream.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The bounded outbound path of one connection (see DESIGN.md). At most {@code maxInFlight} frames are
 * handed to the socket at once; behind a full socket, market updates are conflated per stream (latest
 * wins) and other frames queue up to {@code maxQueued}. A client whose backlog does not drain within
 * {@code maxLagNanos} is disconnected with {@link #SLOW_CONSUMER}. Optional per-stream minimum
 * intervals implement {@code max_frequency}. Frames are UTF-8 bytes; a market frame's bytes are shared by every
 * subscriber. Writes are flushed at the end of each call, except {@link #offerLatest}, whose caller flushes once
 * per batch ({@link #flush()}). Confined to the connection's {@link Lane}: not thread-safe.
 */
public final class Outbox {

    /** Close code for a client that stayed behind too long (application range 4000-4999). */
    public static final int SLOW_CONSUMER = 4001;

    /** Where frames go: the WebSocket connection. */
    public interface Sink {
        /**
         * Queues a text frame (UTF-8, never modified) without pushing it to the network; {@code done} runs on the lane
         * once the frame left for the network (or failed).
         */
        void write(byte[] utf8Frame, Runnable done);

        /** Pushes the queued frames to the network (one system call for all of them where possible). */
        void flush();

        void close(int code, String reason);
    }

    /** Limits of one outbox. */
    public record Limits(int maxInFlight, int maxQueued, long maxLagNanos) {
    }

    private final Sink sink;
    private final Lane lane;
    private final Limits limits;
    private final GatewayStats stats;
    private final LongSupplier nanoClock;
    private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
    private final LinkedHashMap<String, byte[]> conflated = new LinkedHashMap<>();
    private final Map<String, Throttle> throttles = new HashMap<>();
    private final Runnable written = this::written;
    private int inFlight;
    private boolean unflushed;
    private long backlogSince;
    private boolean closed;

    public Outbox(Sink sink, Lane lane, Limits limits, GatewayStats stats, LongSupplier nanoClock) {
        this.sink = sink;
        this.lane = lane;
        this.limits = limits;
        this.stats = stats;
        this.nanoClock = nanoClock;
    }

    /** A frame that must not be lost or merged: acknowledgements, errors, user events. */
    public void send(String frame) {
        if (closed) {
            return;
        }
        if (canWriteNow()) {
            write(frame.getBytes(StandardCharsets.UTF_8));
            flush();
        } else if (queued.size() >= limits.maxQueued()) {
            disconnectSlow("outbound queue of " + limits.maxQueued() + " frames is full");
        } else {
            queued.add(frame.getBytes(StandardCharsets.UTF_8));
            markBacklog();
        }
    }

    /**
     * A market update: replaces a not-yet-written update with the same key, and is held back while the
     * stream's minimum interval ({@code max_frequency}) has not passed.
     */
    public void sendLatest(String key, byte[] frame, long minIntervalNanos) {
        offerLatest(key, frame, minIntervalNanos);
        flush();
    }

    /** {@link #sendLatest} without the flush: for a batch of frames, followed by one {@link #flush()}. */
    public void offerLatest(String key, byte[] frame, long minIntervalNanos) {
        if (closed) {
            return;
        }
        if (minIntervalNanos > 0) {
            Throttle throttle = throttles.computeIfAbsent(key, k -> new Throttle(minIntervalNanos));
            long now = nanoClock.getAsLong();
            if (throttle.sentAt != 0 && now - throttle.sentAt < throttle.interval) {
                hold(key, frame, throttle, now);
                return;
            }
            throttle.sentAt = now;
        }
        enqueueLatest(key, frame);
    }

    private void hold(String key, byte[] frame, Throttle throttle, long now) {
        if (throttle.pending != null) {
            stats.conflated.increment();
        }
        throttle.pending = frame;
        if (!throttle.armed) {
            throttle.armed = true;
            long delayMillis = Math.max(1, (throttle.sentAt + throttle.interval - now + 999_999) / 1_000_000);
            lane.schedule(delayMillis, () -> releaseHeld(key, throttle));
        }
    }

    private void releaseHeld(String key, Throttle throttle) {
        throttle.armed = false;
        if (closed || throttle.pending == null || throttles.get(key) != throttle) {
            return;
        }
        byte[] frame = throttle.pending;
        throttle.pending = null;
        throttle.sentAt = nanoClock.getAsLong();
        enqueueLatest(key, frame);
        flush();
    }

    /** Pushes what was written since the last flush to the network. */
    public void flush() {
        if (unflushed) {
            unflushed = false;
            sink.flush();
        }
    }

    /** Stops throttling a stream (unsubscribed): a held update is dropped. */
    public void forget(String keyPrefix) {
        throttles.keySet().removeIf(k -> k.startsWith(keyPrefix));
        conflated.keySet().removeIf(k -> k.startsWith(keyPrefix));
    }

    private void enqueueLatest(String key, byte[] frame) {
        if (canWriteNow()) {
            write(frame);
            return;
        }
        if (conflated.put(key, frame) != null) {
            stats.conflated.increment();
        }
        markBacklog();
    }

    /** Disconnects the client when its backlog has not drained within the limit; called periodically on the lane. */
    public void checkLag() {
        if (!closed && backlogSince != 0 && nanoClock.getAsLong() - backlogSince > limits.maxLagNanos()) {
            disconnectSlow("outbound backlog not drained for " + limits.maxLagNanos() / 1_000_000_000 + " s");
        }
    }

    /** Discards whatever is left: the connection is gone. */
    public void close() {
        if (!closed) {
            closed = true;
            stats.dropped.add(queued.size() + conflated.size());
            queued.clear();
            conflated.clear();
            throttles.clear();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public int backlog() {
        return queued.size() + conflated.size();
    }

    public int inFlight() {
        return inFlight;
    }

    private boolean canWriteNow() {
        return inFlight < limits.maxInFlight() && queued.isEmpty() && conflated.isEmpty();
    }

    private void write(byte[] frame) {
        inFlight++;
        unflushed = true;
        stats.framesDelivered.increment();
        sink.write(frame, written);
    }

    private void written() {
        inFlight--;
        if (closed) {
            return;
        }
        while (inFlight < limits.maxInFlight()) {
            if (!queued.isEmpty()) {
                write(queued.poll());
            } else if (!conflated.isEmpty()) {
                Iterator<Map.Entry<String, byte[]>> first = conflated.entrySet().iterator();
                byte[] frame = first.next().getValue();
                first.remove();
                write(frame);
            } else {
                break;
            }
        }
        if (queued.isEmpty() && conflated.isEmpty()) {
            backlogSince = 0;
        }
        flush();
    }

    private void markBacklog() {
        if (backlogSince == 0) {
            backlogSince = nanoClock.getAsLong();
        }
    }

    private void disconnectSlow(String why) {
        stats.slowClientDisconnects.increment();
        close();
        sink.close(SLOW_CONSUMER, "slow consumer: " + why);
    }

    private static final class Throttle {
        final long interval;
        long sentAt;
        byte[] pending;
        boolean armed;

        Throttle(long interval) {
            this.interval = interval;
        }
    }
}
