package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.support.ManualTimer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Proves how {@link Batcher} groups calls into batches and answers each caller, driven by a manual timer and a fake store. */
class BatcherTest {

    private static final Duration WINDOW = Duration.ofMillis(2);

    /** The store: records each batch and keeps its answer back until the test gives it. */
    private final List<Map<String, String>> sent = new ArrayList<>();
    private final List<UniEmitter<? super Map<String, String>>> pending = new ArrayList<>();
    private final ManualTimer timer = new ManualTimer();

    private Batcher<String, String, String> batcher(int maxBatch, int maxInFlight, int maxWaiting) {
        return new Batcher<>("test", new Batcher.Limits(WINDOW, maxBatch, maxInFlight, maxWaiting), timer, batch -> {
            sent.add(batch);
            return Uni.createFrom().emitter(pending::add);
        });
    }

    /** Answers batch {@code index} with "value of key" for each key. */
    private void answer(int index) {
        Map<String, String> answers = new HashMap<>();
        sent.get(index).forEach((key, value) -> answers.put(key, "answer " + value));
        pending.get(index).complete(answers);
    }

    private static AtomicReference<Object> call(Batcher<String, String, String> batcher, String key, String value) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        batcher.submit(key, value).subscribe().with(outcome::set, outcome::set);
        return outcome;
    }

    @Test
    void sendsCallsOfOneWindowAsOneBatchAndAnswersEachCaller() {
        Batcher<String, String, String> batcher = batcher(10, 1, 100);
        AtomicReference<Object> a = call(batcher, "a", "1");
        AtomicReference<Object> b = call(batcher, "b", "2");
        assertThat(sent).isEmpty();
        assertThat(timer.scheduled()).containsExactly(WINDOW);

        timer.fireAll();
        assertThat(sent).containsExactly(Map.of("a", "1", "b", "2"));
        assertThat(a.get()).isNull();
        answer(0);
        assertThat(a.get()).isEqualTo("answer 1");
        assertThat(b.get()).isEqualTo("answer 2");
        assertThat(batcher.batches.sum()).isEqualTo(1);
        assertThat(batcher.idle()).isTrue();
    }

    @Test
    void sendsAFullBatchWithoutWaitingForTheWindow() {
        Batcher<String, String, String> batcher = batcher(2, 1, 100);
        call(batcher, "a", "1");
        call(batcher, "b", "2");
        assertThat(sent).containsExactly(Map.of("a", "1", "b", "2"));
    }

    @Test
    void sendsOnlyTheNewestValueOfAKeyAndAnswersEveryCallerOfIt() {
        Batcher<String, String, String> batcher = batcher(10, 1, 100);
        AtomicReference<Object> older = call(batcher, "s", "old");
        AtomicReference<Object> newer = call(batcher, "s", "new");
        timer.fireAll();
        assertThat(sent).containsExactly(Map.of("s", "new"));
        answer(0);
        assertThat(older.get()).isEqualTo("answer new");
        assertThat(newer.get()).isEqualTo("answer new");
    }

    @Test
    void failsEveryCallerOfAFailedBatchAndCountsIt() {
        Batcher<String, String, String> batcher = batcher(10, 1, 100);
        AtomicReference<Object> a = call(batcher, "a", "1");
        AtomicReference<Object> a2 = call(batcher, "a", "1");
        AtomicReference<Object> b = call(batcher, "b", "2");
        timer.fireAll();
        IllegalStateException down = new IllegalStateException("store down");
        pending.get(0).fail(down);
        assertThat(List.of(a.get(), a2.get(), b.get())).containsOnly(down);
        assertThat(batcher.failedBatches.sum()).isEqualTo(1);
        assertThat(batcher.failedCalls.sum()).isEqualTo(3);
    }

    @Test
    void failsTheCallersWhenSendingThrows() {
        Batcher<String, String, String> batcher = new Batcher<>("test", new Batcher.Limits(WINDOW, 10, 1, 100), timer, batch -> {
            throw new IllegalArgumentException("cannot encode");
        });
        AtomicReference<Object> a = call(batcher, "a", "1");
        timer.fireAll();
        assertThat(a.get()).isInstanceOf(IllegalArgumentException.class);
        assertThat(batcher.failedCalls.sum()).isEqualTo(1);
        assertThat(batcher.idle()).isTrue();
    }

    @Test
    void keepsAKeyOutOfTheNextBatchWhileItsWriteIsInFlight() {
        Batcher<String, String, String> batcher = batcher(10, 2, 100);
        call(batcher, "s", "first");
        timer.fireAll();
        AtomicReference<Object> second = call(batcher, "s", "second");
        call(batcher, "t", "1");
        timer.fireAll();
        assertThat(sent).containsExactly(Map.of("s", "first"), Map.of("t", "1"));

        answer(0);
        timer.fireAll();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2)).isEqualTo(Map.of("s", "second"));
        answer(2);
        assertThat(second.get()).isEqualTo("answer second");
    }

    @Test
    void fillsABatchWithReadyKeysWhileAnotherCallOfAnInFlightKeyIsParked() {
        Batcher<String, String, String> batcher = batcher(2, 3, 100);
        call(batcher, "a", "first");
        timer.fireAll();
        AtomicReference<Object> parked = call(batcher, "a", "second");
        call(batcher, "b", "1");
        call(batcher, "c", "1");
        assertThat(sent).as("b and c fill a batch at once; the parked a does not count").containsExactly(
                Map.of("a", "first"), Map.of("b", "1", "c", "1"));

        answer(0);
        timer.fireAll();
        assertThat(sent.get(2)).isEqualTo(Map.of("a", "second"));
        answer(2);
        assertThat(parked.get()).isEqualTo("answer second");
        answer(1);
        assertThat(batcher.idle()).isTrue();
    }

    @Test
    void holdsBatchesBeyondTheInFlightLimitUntilOneEnds() {
        Batcher<String, String, String> batcher = batcher(1, 1, 100);
        call(batcher, "a", "1");
        AtomicReference<Object> b = call(batcher, "b", "2");
        assertThat(sent).hasSize(1);
        answer(0);
        assertThat(sent).hasSize(2);
        answer(1);
        assertThat(b.get()).isEqualTo("answer 2");
    }

    @Test
    void refusesCallsBeyondTheWaitingLimitAndCountsThem() {
        Batcher<String, String, String> batcher = batcher(2, 1, 2);
        call(batcher, "a", "1");
        call(batcher, "b", "2"); // full batch: in flight
        call(batcher, "c", "3");
        call(batcher, "d", "4"); // full again, but one batch already in flight: waits
        AtomicReference<Object> refused = call(batcher, "e", "5");
        assertThat(refused.get()).isInstanceOf(IllegalStateException.class);
        assertThat(batcher.refusedCalls.sum()).isEqualTo(1);
        answer(0);
        assertThat(sent).hasSize(2);
    }

    @Test
    void flushNowSendsWhatWaitsWithoutTheWindow() {
        Batcher<String, String, String> batcher = batcher(10, 1, 100);
        call(batcher, "a", "1");
        assertThat(batcher.idle()).isFalse();
        batcher.flushNow();
        assertThat(sent).containsExactly(Map.of("a", "1"));
        answer(0);
        assertThat(batcher.idle()).isTrue();
    }
}
