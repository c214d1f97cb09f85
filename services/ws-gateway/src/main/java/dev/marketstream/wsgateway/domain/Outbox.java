package dev.marketstream.wsgateway.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The bounded outbound path of one connection (see DESIGN.md). Frames are handed to the socket while its sink is
 * {@linkplain Sink#writable() writable}; behind a full socket, market updates are conflated per stream (latest
 * wins) and other frames queue up to {@code maxQueued}, until the sink says it has room again. A client whose backlog
 * does not drain within {@code maxLagNanos} is disconnected with {@link #SLOW_CONSUMER}. Optional per-stream minimum
 * intervals implement {@code max_frequency}. Updates that are deltas (order books) are never dropped: two of a stream
 * that cannot both be written become one {@link StateFrame}, the stream's whole state rendered when it is written.
 * Frames are UTF-8 bytes; a market frame's bytes are shared by every subscriber. Writes are flushed at the end of
 * each call, except {@link #offerLatest} and {@link #offerDelta}, whose caller flushes once per batch
 * ({@link #flush()}). Confined to the connection's {@link Lane}: not thread-safe.
 */
public final class Outbox {

    /** Close code for a client that stayed behind too long (application range 4000-4999). */
    public static final int SLOW_CONSUMER = 4001;

    /**
     * Where frames go: the WebSocket connection. Its backpressure is a state, not a completion per frame: the outbox
     * writes while the sink is writable and resumes when the sink calls back.
     */
    public interface Sink {
        /** Queues a text frame (UTF-8, never modified) without pushing it to the network. */
        void write(byte[] utf8Frame);

        /** Whether the network takes more frames now. */
        boolean writable();

        /** What to run on the lane each time the sink becomes writable again after it was not. */
        void onWritable(Runnable drain);

        /** Pushes the queued frames to the network (one system call for all of them where possible). */
        void flush();

        /** Sends a ping frame now; the client's pong counts as activity. */
        void ping();

        void close(int code, String reason);
    }

    /**
     * The current state of a stream whose updates are deltas, standing in for the deltas it replaced. Rendered on the
     * lane when it is written, so it is as recent as possible and rendered once however many deltas it replaced.
     */
    public interface StateFrame {
        /** The frame, or null when there is no consistent state to send (the client then waits for the next full one). */
        byte[] render();
    }

    /** Limits of one outbox. */
    public record Limits(int maxQueued, long maxLagNanos) {
    }

    private final Sink sink;
    private final Lane lane;
    private final Limits limits;
    private final GatewayStats stats;
    private final LongSupplier nanoClock;
    private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
    /** Per key, the market frame waiting for the socket: a {@code byte[]} or a {@link StateFrame}. */
    private final LinkedHashMap<String, Object> conflated = new LinkedHashMap<>();
    private final Map<String, Throttle> throttles = new HashMap<>();
    private boolean unflushed;
    private long backlogSince;
    private boolean closed;

    public Outbox(Sink sink, Lane lane, Limits limits, GatewayStats stats, LongSupplier nanoClock) {
        this.sink = sink;
        this.lane = lane;
        this.limits = limits;
        this.stats = stats;
        this.nanoClock = nanoClock;
        sink.onWritable(this::drain);
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
        offer(key, frame, minIntervalNanos, null);
    }

    /**
     * A market update that only changes the state the client holds (an order-book delta), without the flush. It is
     * never dropped: when it would replace a pending update of the same key (behind a full socket, or inside the
     * stream's minimum interval), both are replaced by {@code state}. A full-state frame of the same stream (a
     * snapshot record) goes through {@link #offerLatest} and replaces whatever is pending.
     */
    public void offerDelta(String key, byte[] frame, long minIntervalNanos, StateFrame state) {
        offer(key, frame, minIntervalNanos, state);
    }

    private void offer(String key, byte[] frame, long minIntervalNanos, StateFrame state) {
        if (closed) {
            return;
        }
        if (minIntervalNanos > 0) {
            Throttle throttle = throttles.get(key);
            if (throttle == null) {
                throttle = new Throttle(minIntervalNanos);
                throttles.put(key, throttle);
            }
            long now = nanoClock.getAsLong();
            if (throttle.sentAt != 0 && now - throttle.sentAt < throttle.interval) {
                hold(key, frame, state, throttle, now);
                return;
            }
            throttle.sentAt = now;
        }
        enqueue(key, frame, state);
    }

    private void hold(String key, byte[] frame, StateFrame state, Throttle throttle, long now) {
        if (throttle.pending != null) {
            stats.conflated.increment();
            throttle.pending = state != null ? state : frame;
        } else {
            throttle.pending = frame;
        }
        throttle.state = state;
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
        Object frame = throttle.pending;
        throttle.pending = null;
        throttle.sentAt = nanoClock.getAsLong();
        enqueue(key, frame, throttle.state);
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

    /** Writes a frame ({@code byte[]} or {@link StateFrame}) now, or keeps it as its key's pending one. */
    private void enqueue(String key, Object frame, StateFrame state) {
        if (canWriteNow()) {
            writeMarket(frame);
            return;
        }
        if (conflated.containsKey(key)) {
            stats.conflated.increment();
            conflated.put(key, state != null ? state : frame);
        } else {
            conflated.put(key, frame);
        }
        markBacklog();
    }

    /** Disconnects the client when its backlog has not drained within the limit; called periodically on the lane. */
    public void checkLag() {
        if (!closed && backlogSince != 0 && nanoClock.getAsLong() - backlogSince > limits.maxLagNanos()) {
            disconnectSlow("outbound backlog not drained for " + limits.maxLagNanos() / 1_000_000_000 + " s");
        }
    }

    /** A keep-alive ping, outside the frame limits: it is two bytes and never queued. */
    public void ping() {
        if (!closed) {
            sink.ping();
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

    private boolean canWriteNow() {
        return queued.isEmpty() && conflated.isEmpty() && sink.writable();
    }

    private void write(byte[] frame) {
        unflushed = true;
        stats.framesDelivered.increment();
        sink.write(frame);
    }

    private void writeMarket(Object frame) {
        byte[] bytes = frame instanceof StateFrame state ? state.render() : (byte[]) frame;
        if (bytes != null) {
            write(bytes);
        }
    }

    /** The socket has room again: writes the backlog, control frames first, while it lasts. */
    private void drain() {
        if (closed) {
            return;
        }
        while (sink.writable()) {
            if (!queued.isEmpty()) {
                write(queued.poll());
            } else if (!conflated.isEmpty()) {
                Iterator<Map.Entry<String, Object>> first = conflated.entrySet().iterator();
                Object frame = first.next().getValue();
                first.remove();
                writeMarket(frame);
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
        /** The update held back: a {@code byte[]} or a {@link StateFrame}. */
        Object pending;
        /** What stands in for the held update if another must be merged with it: set when it is a delta. */
        StateFrame state;
        boolean armed;

        Throttle(long interval) {
            this.interval = interval;
        }
    }
}
