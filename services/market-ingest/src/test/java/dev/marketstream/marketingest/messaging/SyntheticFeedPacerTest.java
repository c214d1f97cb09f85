package dev.marketstream.marketingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.marketingest.domain.MarketBatch;
import dev.marketstream.marketingest.domain.SyntheticMarket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Proves the synthetic feed's pacing without Kafka: events due at a steady rate, batches of at most max-batch with one trace each, bounded waiting. */
class SyntheticFeedPacerTest {

    private static final long SECOND = 1_000_000_000L;

    private static SyntheticFeed.Pacer pacer(int ticksPerSecond, int maxBatch) {
        SyntheticMarket market = new SyntheticMarket(new SyntheticMarket.Settings(20, 1, "", 10, 100, 0.5), "test-feed");
        return new SyntheticFeed.Pacer(market, ticksPerSecond, maxBatch, 0);
    }

    @Test
    void dueFollowsTheRateAndForgetsWhatIsMoreThanASecondLate() {
        SyntheticFeed.Pacer pacer = pacer(1_000, 10_000);

        assertThat(pacer.due(SECOND / 2)).isEqualTo(500);
        assertThat(pacer.due(SECOND / 2 + SECOND / 100)).isEqualTo(10);
        assertThat(pacer.due(5 * SECOND)).isEqualTo(1_000);
        assertThat(pacer.due(5 * SECOND)).isZero();
    }

    @Test
    void cutsWaitingEventsIntoBatchesOfAtMostMaxBatchEachWithItsOwnTrace() {
        SyntheticFeed.Pacer pacer = pacer(100_000, 1_000);
        pacer.generate(600, Envelopes.now());
        pacer.generate(900, Envelopes.now());

        List<MarketBatch> batches = new ArrayList<>();
        for (MarketBatch batch = pacer.take(); batch != null; batch = pacer.take()) {
            batches.add(batch);
        }

        assertThat(batches).extracting(MarketBatch::size).containsExactly(1_000, 500);
        assertThat(batches).extracting(MarketBatch::trace).doesNotHaveDuplicates()
                .allSatisfy(trace -> assertThat(trace.traced()).isTrue());
        MarketRecord reader = new MarketRecord();
        for (MarketBatch batch : batches) {
            Set<TraceIds> traces = new HashSet<>();
            for (int i = 0; i < batch.size(); i++) {
                reader.wrap(batch.record(i));
                traces.add(Envelopes.trace(reader.envelope()));
            }
            assertThat(traces).containsExactly(batch.trace());
        }
    }

    @Test
    void waitsForAtMostTwoBatchesOrOneSecondsWorth() {
        SyntheticFeed.Pacer fast = pacer(100_000, 1_000);
        assertThat(fast.room()).isEqualTo(2_000);
        fast.generate(1_500, Envelopes.now());
        assertThat(fast.room()).isEqualTo(500);
        assertThat(fast.fullBatchWaiting()).isTrue();
        fast.take();
        assertThat(fast.room()).isEqualTo(1_500);
        assertThat(fast.fullBatchWaiting()).isFalse();

        assertThat(pacer(300, 1_000).room()).isEqualTo(300);
    }
}
