package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.protocol.DataType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Proves records reach only the subscribers of their stream, numbered per stream, one task and one flush per subscriber
 * per lane, the subscribers of a batch's last frame flushed right after it; that a busy lane takes what piled up in one
 * drain; that it skips superseded stale updates, never book deltas;
 * that a traced record's frame names its trace; and that the feed can wait for the lanes to write what they were handed.
 */
class FanOutTest {

    static final StreamKey AAPL = new StreamKey("AAPL", DataType.PRICE);
    static final StreamKey MSFT = new StreamKey("MSFT", DataType.PRICE);

    final List<Runnable> tasks = new ArrayList<>();
    final Lane lane = new Lane() {
        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public void schedule(long delayMillis, Runnable task) {
        }
    };
    final SubscriptionIndex index = new SubscriptionIndex();
    /** The fan-out of most tests; those that need their own clocks or conflation limit build one on {@link #index}. */
    final FanOut fanOut = new FanOut(index, new GatewayStats(), Clock.systemUTC());

    /** A subscriber with identity equality, like a real session. */
    static class Recorder implements MarketSubscriber {
        private final Lane lane;
        private final List<MarketFrame> frames;
        /** Flushes that pushed frames, as a connection counts them: one flushing nothing does nothing (see MarketSubscriber). */
        int flushes;
        private boolean unflushed;

        Recorder(Lane lane, List<MarketFrame> frames) {
            this.lane = lane;
            this.frames = frames;
        }

        @Override
        public Lane lane() {
            return lane;
        }

        List<MarketFrame> frames() {
            return frames;
        }

        @Override
        public void onMarketFrame(MarketFrame frame) {
            frames.add(frame);
            unflushed = true;
        }

        @Override
        public void flush() {
            if (unflushed) {
                unflushed = false;
                flushes++;
            }
        }
    }

    @Test
    void dispatchesOnlyToSubscribersOfTheStreamInOrder() {
        Recorder a = new Recorder(lane, new ArrayList<>());
        Recorder m = new Recorder(lane, new ArrayList<>());
        index.add(AAPL, a);
        index.add(MSFT, m);

        fanOut.publish(List.of(update(AAPL, "1"), update(MSFT, "2"), update(AAPL, "3")));
        assertThat(tasks).hasSize(1);
        tasks.forEach(Runnable::run);

        assertThat(a.frames()).extracting(MarketFrame::seq).containsExactly(1L, 2L);
        assertThat(a.frames().get(1).json()).contains("\"stream\":\"AAPL:price\"").contains("\"seq\":2").contains("\"p\":\"3\"");
        assertThat(m.frames()).extracting(MarketFrame::seq).containsExactly(1L);
        assertThat(a.flushes).as("two frames, one flush").isEqualTo(1);
        assertThat(m.flushes).isEqualTo(1);
        assertThat(fanOut.currentSeq(AAPL)).isEqualTo(2);

        index.remove(AAPL, a);
        tasks.clear();
        fanOut.publish(List.of(update(AAPL, "4")));
        assertThat(tasks).isEmpty();
    }

    @Test
    void flushesTheLastFramesSubscribersRightAfterTheirWriteAndTheOthersAfterTheBatch() {
        List<String> events = new ArrayList<>();
        Recorder a = new Logging("a", events);
        Recorder m = new Logging("m", events);
        index.add(AAPL, a);
        index.add(MSFT, m);

        fanOut.publish(List.of(update(AAPL, "1"), update(MSFT, "2")));
        tasks.forEach(Runnable::run);

        assertThat(events).as("m, the subscriber of the last frame, is flushed right after it; a after the batch")
                .containsExactly("a frame AAPL", "m frame MSFT", "m flush", "a flush");
    }

    /** A recorder that logs its frames' symbols and the flushes that pushed frames, in one list shared by several. */
    private final class Logging extends Recorder {
        private final String name;
        private final List<String> events;

        Logging(String name, List<String> events) {
            super(lane, new ArrayList<>());
            this.name = name;
            this.events = events;
        }

        @Override
        public void onMarketFrame(MarketFrame frame) {
            super.onMarketFrame(frame);
            events.add(name + " frame " + frame.update().stream().symbol());
        }

        @Override
        public void flush() {
            int before = flushes;
            super.flush();
            if (flushes > before) {
                events.add(name + " flush");
            }
        }
    }

    @Test
    void theFeedWaitsForLanesUntilTheyWroteWhatTheyWereHandedAndNoLonger() throws Exception {
        Recorder subscriber = new Recorder(lane, new ArrayList<>());
        index.add(AAPL, subscriber);
        assertThat(fanOut.awaitLanes(0)).as("no lane was handed anything").isTrue();

        fanOut.publish(List.of(update(AAPL, "1")));
        long start = System.nanoTime();
        assertThat(fanOut.awaitLanes(20_000_000L)).as("the lane has not run its drain").isFalse();
        assertThat(System.nanoTime() - start).as("waited the whole 20 ms").isGreaterThanOrEqualTo(20_000_000L);

        fanOut.publish(List.of(update(AAPL, "2")));
        assertThat(tasks).as("the second poll joins the queued drain").hasSize(1);
        Thread laneThread = new Thread(() -> {
            sleep(50);
            tasks.remove(0).run();
        });
        laneThread.start();
        start = System.nanoTime();
        assertThat(fanOut.awaitLanes(10_000_000_000L)).isTrue();
        assertThat(System.nanoTime() - start).as("woken by the drain, not the 10 s limit").isLessThan(5_000_000_000L);
        assertThat(subscriber.frames()).hasSize(2);
        laneThread.join();
    }

    @Test
    void aLaneStaysBusyWhileADrainQueuedDuringItsDrainHasNotRun() throws Exception {
        Recorder subscriber = new Recorder(lane, new ArrayList<>()) {
            @Override
            public void onMarketFrame(MarketFrame frame) {
                super.onMarketFrame(frame);
                if (frames().size() == 1) {
                    fanOut.publish(List.of(update(AAPL, "2"))); // the feed posts again while the lane writes
                }
            }
        };
        index.add(AAPL, subscriber);

        fanOut.publish(List.of(update(AAPL, "1")));
        tasks.remove(0).run();
        assertThat(tasks).hasSize(1);
        assertThat(fanOut.awaitLanes(1_000_000L)).isFalse();
        tasks.remove(0).run();
        assertThat(fanOut.awaitLanes(0)).isTrue();
        assertThat(subscriber.frames()).hasSize(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MarketUpdate update(StreamKey stream, String value) {
        return new MarketUpdate(stream, "", UUID.randomUUID(), System.currentTimeMillis() * 1_000_000L, "{\"p\":\"" + value + "\"}");
    }

    @Test
    void namesTheTraceOfATracedRecordInItsFrameAndNoneOtherwise() {
        Recorder subscriber = new Recorder(lane, new ArrayList<>());
        index.add(AAPL, subscriber);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        fanOut.publish(List.of(update(AAPL, "1").withTraceId(traceId), update(AAPL, "2")));
        tasks.forEach(Runnable::run);

        assertThat(subscriber.frames().get(0).json()).contains("\"trace_id\":\"" + traceId + "\"");
        assertThat(subscriber.frames().get(1).json()).doesNotContain("trace_id");
    }

    @Test
    void encodesEachRecordOnceForAllItsSubscribers() {
        Recorder first = new Recorder(lane, new ArrayList<>());
        Recorder second = new Recorder(lane, new ArrayList<>());
        index.add(AAPL, first);
        index.add(AAPL, second);

        fanOut.publish(List.of(update(AAPL, "1")));
        tasks.forEach(Runnable::run);

        assertThat(first.frames().get(0).utf8()).isSameAs(second.frames().get(0).utf8());
        assertThat(first.frames().get(0).conflationKey()).isEqualTo("AAPL:price");
    }

    @Test
    void busyLaneTakesEveryPollThatPiledUpInOneDrain() {
        Recorder subscriber = new Recorder(lane, new ArrayList<>());
        index.add(AAPL, subscriber);

        fanOut.publish(List.of(update(AAPL, "1")));
        fanOut.publish(List.of(update(AAPL, "2")));
        fanOut.publish(List.of(update(AAPL, "3")));
        assertThat(tasks).as("one drain waits on the lane, however many polls arrive").hasSize(1);
        tasks.remove(0).run();

        assertThat(subscriber.frames()).extracting(MarketFrame::seq).containsExactly(1L, 2L, 3L);
        assertThat(subscriber.flushes).isEqualTo(1);
        fanOut.publish(List.of(update(AAPL, "4")));
        assertThat(tasks).as("a drained lane gets a new drain").hasSize(1);
    }

    @Test
    void laneBehindTheLimitSkipsStaleUpdatesThatANewerOneReplacesButNeverBookDeltas() {
        long[] now = {0};
        GatewayStats stats = new GatewayStats();
        FanOut conflating = new FanOut(index, stats, Clock.systemUTC(), () -> now[0], 100);
        StreamKey book = new StreamKey("AAPL", DataType.ORDERBOOK);
        Recorder subscriber = new Recorder(lane, new ArrayList<>());
        index.add(AAPL, subscriber);
        index.add(MSFT, subscriber);
        index.add(book, subscriber);

        conflating.publish(List.of(update(AAPL, "1"), update(MSFT, "1"), delta(book, 1)));
        now[0] = 50;
        conflating.publish(List.of(update(AAPL, "2"), delta(book, 2)));
        now[0] = 101;
        conflating.publish(List.of(update(AAPL, "3")));
        tasks.remove(0).run();

        assertThat(subscriber.frames()).extracting(f -> f.stream().symbol() + ":" + f.stream().type() + "#" + f.seq())
                .as("AAPL 1 is 101 ns old with AAPL 3 behind it; AAPL 2 is only 51 ns old; MSFT 1 has nothing newer")
                .containsExactly("MSFT:PRICE#1", "AAPL:ORDERBOOK#1", "AAPL:PRICE#2", "AAPL:ORDERBOOK#2", "AAPL:PRICE#3");
        assertThat(stats.conflated.sum()).isEqualTo(1);
    }

    @Test
    void laneWithinTheLimitDeliversEveryUpdate() {
        long[] now = {0};
        FanOut conflating = new FanOut(index, new GatewayStats(), Clock.systemUTC(), () -> now[0], 100);
        Recorder subscriber = new Recorder(lane, new ArrayList<>());
        index.add(AAPL, subscriber);

        conflating.publish(List.of(update(AAPL, "1"), update(AAPL, "2")));
        now[0] = 100;
        conflating.publish(List.of(update(AAPL, "3")));
        tasks.remove(0).run();

        assertThat(subscriber.frames()).extracting(MarketFrame::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void recordsTheAgeOfEachFrameWhenItsLaneWroteItNotWhenItWasDispatched() {
        Instant dispatched = Instant.parse("2026-12-06T10:00:00Z");
        Instant[] clockAt = {dispatched};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clockAt[0];
            }
        };
        GatewayStats stats = new GatewayStats();
        List<String> writeAges = new ArrayList<>();
        stats.exportWriteLatencyTo((type, micros) -> writeAges.add(type + " " + micros));
        FanOut timed = new FanOut(index, stats, clock);
        index.add(AAPL, new Recorder(lane, new ArrayList<>()));
        long tickNanos = dispatched.minusMillis(3).toEpochMilli() * 1_000_000L;

        timed.publish(List.of(new MarketUpdate(AAPL, "", UUID.randomUUID(), tickNanos, "{}"),
                new MarketUpdate(MSFT, "", UUID.randomUUID(), tickNanos, "{}")));
        assertThat(writeAges).as("nothing written before the lane runs").isEmpty();
        clockAt[0] = dispatched.plusMillis(7);
        tasks.forEach(Runnable::run);

        assertThat(writeAges).as("the AAPL frame, 3 ms before dispatch + 7 ms in the lane; MSFT has no subscriber")
                .containsExactly("PRICE 10000");
    }

    private static MarketUpdate delta(StreamKey stream, long bookSeq) {
        return new MarketUpdate(stream, "", UUID.randomUUID(), System.currentTimeMillis() * 1_000_000L, "{\"b\":" + bookSeq + "}",
                new BookRecord(bookSeq, false));
    }
}
