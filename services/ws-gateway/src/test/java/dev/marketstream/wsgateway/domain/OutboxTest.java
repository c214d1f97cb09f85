package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.support.FakeLane;
import dev.marketstream.wsgateway.support.SlowSink;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Proves the outbox writes only while its socket is writable, conflates per stream behind a full socket, never drops a delta but merges
 * deltas into the stream's state rendered when written, drops clients that stay behind, and flushes once per batch.
 */
class OutboxTest {

    final AtomicLong clock = new AtomicLong(1);
    final GatewayStats stats = new GatewayStats();
    final SlowSink sink = new SlowSink();
    final FakeLane lane = new FakeLane();


    /** An outbox whose socket takes {@code frames} frames before it must wait for the network. */
    Outbox outbox(int frames) {
        sink.holdsAtMost(frames);
        return new Outbox(sink, lane, new Outbox.Limits(3, 1_000), stats, clock::get);
    }

    @Test
    void conflatesUpdatesOfTheSameStreamBehindAFullSocketLatestWins() {
        Outbox outbox = outbox(2);
        outbox.sendLatest("A", bytes("a1"), 0);
        outbox.sendLatest("A", bytes("a2"), 0);
        outbox.sendLatest("A", bytes("a3"), 0);
        outbox.sendLatest("B", bytes("b1"), 0);
        outbox.sendLatest("A", bytes("a4"), 0);
        assertThat(sink.written()).containsExactly("a1", "a2");
        sink.completeAll();
        assertThat(sink.written()).containsExactly("a1", "a2", "a4", "b1");
        assertThat(stats.conflated.sum()).isEqualTo(1);
        assertThat(outbox.backlog()).isZero();
    }

    @Test
    void queuesControlFramesInOrderAndNeverConflatesThem() {
        Outbox outbox = outbox(1);
        outbox.send("c1");
        outbox.send("c2");
        outbox.send("c3");
        sink.completeAll();
        assertThat(sink.written()).containsExactly("c1", "c2", "c3");
    }

    @Test
    void disconnectsAClientWhoseBacklogDoesNotDrainInTime() {
        Outbox outbox = outbox(1);
        outbox.sendLatest("A", bytes("a1"), 0);
        outbox.sendLatest("A", bytes("a2"), 0);
        clock.addAndGet(500);
        outbox.checkLag();
        assertThat(sink.closeCode()).isEqualTo(-1);
        clock.addAndGet(1_000);
        outbox.checkLag();
        assertThat(sink.closeCode()).isEqualTo(Outbox.SLOW_CONSUMER);
        assertThat(stats.dropped.sum()).isEqualTo(1);
    }

    @Test
    void disconnectsWhenTheControlQueueOverflows() {
        Outbox outbox = outbox(1);
        for (int i = 0; i < 5; i++) {
            outbox.send("c" + i);
        }
        assertThat(sink.closeCode()).isEqualTo(Outbox.SLOW_CONSUMER);
    }

    @Test
    void holdsUpdatesBackToTheMaxFrequencyAndSendsTheLatest() {
        Outbox outbox = outbox(10);
        long interval = 250_000_000L;
        outbox.sendLatest("A", bytes("a1"), interval);
        outbox.sendLatest("A", bytes("a2"), interval);
        outbox.sendLatest("A", bytes("a3"), interval);
        assertThat(sink.written()).containsExactly("a1");
        clock.addAndGet(interval);
        lane.runNextScheduled();
        assertThat(sink.written()).containsExactly("a1", "a3");
        assertThat(stats.conflated.sum()).isEqualTo(1);
    }

    @Test
    void writesABatchOfOfferedUpdatesWithOneFlush() {
        Outbox outbox = outbox(10);
        outbox.offerLatest("A", bytes("a1"), 0);
        outbox.offerLatest("B", bytes("b1"), 0);
        outbox.offerLatest("A", bytes("a2"), 0);
        assertThat(sink.written()).containsExactly("a1", "b1", "a2");
        assertThat(sink.flushes()).isZero();
        outbox.flush();
        outbox.flush();
        assertThat(sink.flushes()).isEqualTo(1);
    }

    @Test
    void flushesEverySingleSendAtOnce() {
        Outbox outbox = outbox(10);
        outbox.send("c1");
        outbox.sendLatest("A", bytes("a1"), 0);
        assertThat(sink.written()).containsExactly("c1", "a1");
        assertThat(sink.flushes()).isEqualTo(2);
    }

    @Test
    void flushesWhatADrainingBacklogWrites() {
        Outbox outbox = outbox(1);
        outbox.sendLatest("A", bytes("a1"), 0);
        outbox.sendLatest("B", bytes("b1"), 0);
        int before = sink.flushes();
        sink.completeAll();
        assertThat(sink.written()).containsExactly("a1", "b1");
        assertThat(sink.flushes()).isGreaterThan(before);
    }

    /** A stream's current state, rendered on demand: "state-<n>" where n counts the renders. */
    final class CurrentState implements Outbox.StateFrame {
        int renders;
        boolean available = true;

        @Override
        public byte[] render() {
            return available ? bytes("state-" + ++renders) : null;
        }
    }

    @Test
    void mergesDeltasThatCannotBothBeWrittenIntoTheStateRenderedWhenWritten() {
        Outbox outbox = outbox(1);
        CurrentState state = new CurrentState();
        outbox.offerDelta("B", bytes("d1"), 0, state);
        outbox.offerDelta("B", bytes("d2"), 0, state);
        outbox.offerDelta("B", bytes("d3"), 0, state);
        outbox.offerDelta("B", bytes("d4"), 0, state);
        assertThat(sink.written()).containsExactly("d1");
        assertThat(state.renders).as("not rendered before the socket has room").isZero();
        sink.completeAll();
        assertThat(sink.written()).containsExactly("d1", "state-1");
        assertThat(stats.conflated.sum()).isEqualTo(2);
    }

    @Test
    void writesASinglePendingDeltaAsItIs() {
        Outbox outbox = outbox(1);
        CurrentState state = new CurrentState();
        outbox.offerDelta("B", bytes("d1"), 0, state);
        outbox.offerDelta("B", bytes("d2"), 0, state);
        sink.completeAll();
        outbox.offerDelta("B", bytes("d3"), 0, state);
        sink.completeAll();
        assertThat(sink.written()).containsExactly("d1", "d2", "d3");
        assertThat(state.renders).isZero();
    }

    @Test
    void aFullFrameReplacesPendingDeltasAndTheirState() {
        Outbox outbox = outbox(1);
        CurrentState state = new CurrentState();
        outbox.offerDelta("B", bytes("d1"), 0, state);
        outbox.offerDelta("B", bytes("d2"), 0, state);
        outbox.offerDelta("B", bytes("d3"), 0, state);
        outbox.offerLatest("B", bytes("full4"), 0);
        sink.completeAll();
        assertThat(sink.written()).containsExactly("d1", "full4");
        outbox.offerLatest("B", bytes("full5"), 0);
        outbox.offerDelta("B", bytes("d6"), 0, state);
        outbox.offerDelta("B", bytes("d7"), 0, state);
        sink.completeAll();
        assertThat(sink.written()).containsExactly("d1", "full4", "full5", "state-1");
    }

    @Test
    void writesNothingForAStateThatCannotBeRendered() {
        Outbox outbox = outbox(1);
        CurrentState state = new CurrentState();
        state.available = false;
        outbox.offerDelta("B", bytes("d1"), 0, state);
        outbox.offerDelta("B", bytes("d2"), 0, state);
        outbox.offerDelta("B", bytes("d3"), 0, state);
        outbox.sendLatest("A", bytes("a1"), 0);
        sink.completeAll();
        assertThat(sink.written()).containsExactly("d1", "a1");
        assertThat(outbox.backlog()).isZero();
    }

    @Test
    void holdsDeltasToTheMaxFrequencyAndThenSendsTheCurrentState() {
        Outbox outbox = outbox(10);
        CurrentState state = new CurrentState();
        long interval = 250_000_000L;
        outbox.offerDelta("B", bytes("d1"), interval, state);
        outbox.offerDelta("B", bytes("d2"), interval, state);
        assertThat(sink.written()).containsExactly("d1");
        clock.addAndGet(interval);
        lane.runNextScheduled();
        assertThat(sink.written()).as("one held delta is sent as it is").containsExactly("d1", "d2");

        outbox.offerDelta("B", bytes("d3"), interval, state);
        outbox.offerDelta("B", bytes("d4"), interval, state);
        clock.addAndGet(interval);
        lane.runNextScheduled();
        assertThat(sink.written()).containsExactly("d1", "d2", "state-1");
    }

    private static byte[] bytes(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
