package dev.marketstream.wsgateway.domain;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Turns calls from any thread into batches, one store round trip each: a batch goes when {@code maxBatch} keys wait
 * or {@code window} after the first of them, whichever comes first. Calls with the same key share one entry: the
 * newest value goes, and every caller of the key gets the key's answer. A key is never in two batches at once, so
 * writes of one key land in call order: a call for a key whose batch is in flight is parked, and is ready again when
 * that batch ends (taking a batch never rescans parked keys; it did, and made a connect storm quadratic). At most
 * {@code maxInFlight} batches run at once and {@code maxWaiting} calls wait; a call beyond that fails at once
 * ({@link #refusedCalls}). A failed batch fails every caller of it, and is logged once and counted
 * ({@link #failedBatches}, {@link #failedCalls}).
 *
 * @param <K> what a call is about (a user, a session)
 * @param <V> what is sent for it
 * @param <R> the answer for one key
 */
public final class Batcher<K, V, R> {

    private static final Logger LOG = Logger.getLogger(Batcher.class);

    /** Runs a task once after a delay, on any thread. */
    public interface Timer {
        void schedule(Duration delay, Runnable task);
    }

    /** How big and how late a batch may be. */
    public record Limits(Duration window, int maxBatch, int maxInFlight, int maxWaiting) {
        public Limits {
            if (window.isNegative() || maxBatch < 1 || maxInFlight < 1 || maxWaiting < maxBatch) {
                throw new IllegalArgumentException("batch limits: window >= 0, maxBatch >= 1, maxInFlight >= 1, maxWaiting >= maxBatch: "
                        + window + ", " + maxBatch + ", " + maxInFlight + ", " + maxWaiting);
            }
        }
    }

    /** The newest value of one key and everyone waiting for its answer. */
    private static final class Entry<V, R> {
        V value;
        final List<UniEmitter<? super R>> callers = new ArrayList<>(1);
    }

    private final String name;
    private final Limits limits;
    private final Timer timer;
    private final Function<Map<K, V>, Uni<Map<K, R>>> send;
    private final Object lock = new Object();
    /** Keys ready to go, in call order. */
    private final LinkedHashMap<K, Entry<V, R>> waiting = new LinkedHashMap<>();
    /** Keys called again while their batch is in flight; ready once it ends. */
    private final Map<K, Entry<V, R>> parked = new HashMap<>();
    private final Set<K> sending = new HashSet<>();
    private int waitingCalls;
    private int inFlight;
    private boolean timerSet;

    /** Batches sent (each one store round trip). */
    public final LongAdder batches = new LongAdder();
    /** Batches the store did not take; every caller of each got the failure. */
    public final LongAdder failedBatches = new LongAdder();
    /** Calls answered with a failure because their batch failed. */
    public final LongAdder failedCalls = new LongAdder();
    /** Calls refused at once because {@link Limits#maxWaiting()} calls were waiting. */
    public final LongAdder refusedCalls = new LongAdder();

    /**
     * @param name what is batched, for the log
     * @param send sends one batch (keys in call order) and answers per key; a key it leaves out is answered null
     */
    public Batcher(String name, Limits limits, Timer timer, Function<Map<K, V>, Uni<Map<K, R>>> send) {
        this.name = name;
        this.limits = limits;
        this.timer = timer;
        this.send = send;
    }

    /** Queues the call when subscribed to; the answer comes when the key's batch has gone. */
    public Uni<R> submit(K key, V value) {
        return Uni.createFrom().emitter(emitter -> enqueue(key, value, emitter));
    }

    private void enqueue(K key, V value, UniEmitter<? super R> emitter) {
        Map<K, Entry<V, R>> batch = null;
        boolean schedule = false;
        synchronized (lock) {
            if (waitingCalls >= limits.maxWaiting()) {
                refusedCalls.increment();
            } else {
                Entry<V, R> entry = (sending.contains(key) ? parked : waiting).computeIfAbsent(key, k -> new Entry<>());
                entry.value = value;
                entry.callers.add(emitter);
                waitingCalls++;
                emitter = null;
                if (waiting.size() >= limits.maxBatch()) {
                    batch = takeBatch();
                }
                if (batch == null && !timerSet) {
                    timerSet = schedule = true;
                }
            }
        }
        if (emitter != null) {
            emitter.fail(new IllegalStateException(name + ": " + limits.maxWaiting() + " calls already waiting; call refused"));
            return;
        }
        if (batch != null) {
            sendBatch(batch);
        }
        if (schedule) {
            timer.schedule(limits.window(), this::windowEnded);
        }
    }

    private void windowEnded() {
        Map<K, Entry<V, R>> batch;
        synchronized (lock) {
            timerSet = false;
            batch = takeBatch();
        }
        if (batch != null) {
            sendBatch(batch);
        }
        afterChange();
    }

    /** Sends whatever waits now, not waiting for the window (for a shutdown). */
    public void flushNow() {
        Map<K, Entry<V, R>> batch;
        do {
            synchronized (lock) {
                batch = takeBatch();
            }
            if (batch != null) {
                sendBatch(batch);
            }
        } while (batch != null);
    }

    /** Whether no call waits and no batch runs. */
    public boolean idle() {
        synchronized (lock) {
            return waiting.isEmpty() && parked.isEmpty() && inFlight == 0;
        }
    }

    /** Up to {@code maxBatch} ready keys, in call order; null when none or too many in flight. */
    private Map<K, Entry<V, R>> takeBatch() {
        if (inFlight >= limits.maxInFlight() || waiting.isEmpty()) {
            return null;
        }
        Map<K, Entry<V, R>> batch = new LinkedHashMap<>();
        Iterator<Map.Entry<K, Entry<V, R>>> it = waiting.entrySet().iterator();
        while (it.hasNext() && batch.size() < limits.maxBatch()) {
            Map.Entry<K, Entry<V, R>> next = it.next();
            sending.add(next.getKey());
            batch.put(next.getKey(), next.getValue());
            waitingCalls -= next.getValue().callers.size();
            it.remove();
        }
        inFlight++;
        return batch;
    }

    private void sendBatch(Map<K, Entry<V, R>> batch) {
        batches.increment();
        Map<K, V> values = new LinkedHashMap<>();
        batch.forEach((key, entry) -> values.put(key, entry.value));
        Uni<Map<K, R>> answer;
        try {
            answer = send.apply(values);
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        answer.subscribe().with(results -> {
            finished(batch);
            batch.forEach((key, entry) -> entry.callers.forEach(caller -> caller.complete(results == null ? null : results.get(key))));
        }, failure -> {
            finished(batch);
            failedBatches.increment();
            int calls = batch.values().stream().mapToInt(entry -> entry.callers.size()).sum();
            failedCalls.add(calls);
            LOG.warnf("%s: a batch of %d keys (%d calls, first %s) failed; each caller gets the failure: %s", name, batch.size(), calls,
                    batch.keySet().iterator().next(), failure.toString());
            batch.values().forEach(entry -> entry.callers.forEach(caller -> caller.fail(failure)));
        });
    }

    private void finished(Map<K, Entry<V, R>> batch) {
        synchronized (lock) {
            inFlight--;
            for (K key : batch.keySet()) {
                sending.remove(key);
                Entry<V, R> next = parked.remove(key);
                if (next != null) {
                    waiting.put(key, next);
                }
            }
        }
        afterChange();
    }

    /** After a batch ended or a window closed: sends a full batch at once, or starts the window for what waits. */
    private void afterChange() {
        Map<K, Entry<V, R>> batch = null;
        boolean schedule = false;
        synchronized (lock) {
            if (waiting.size() >= limits.maxBatch()) {
                batch = takeBatch();
            }
            if (batch == null && !waiting.isEmpty() && !timerSet && inFlight < limits.maxInFlight()) {
                timerSet = schedule = true;
            }
        }
        if (batch != null) {
            sendBatch(batch);
        }
        if (schedule) {
            timer.schedule(limits.window(), this::windowEnded);
        }
    }
}
