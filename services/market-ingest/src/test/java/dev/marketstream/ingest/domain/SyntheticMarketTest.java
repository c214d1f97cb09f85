package dev.marketstream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.ReferenceData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the synthetic exchange is deterministic per seed and produces valid, realistic ticks. */
class SyntheticMarketTest {

    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void sameSeedGivesSameSymbolsAndTicks() {
        assertThat(ticks(new SyntheticMarket(50, 7, "", 10), 500)).isEqualTo(ticks(new SyntheticMarket(50, 7, "", 10), 500));
    }

    @Test
    void otherSeedGivesOtherMarket() {
        assertThat(new SyntheticMarket(50, 7, "", 10).referenceData())
                .isNotEqualTo(new SyntheticMarket(50, 8, "", 10).referenceData());
    }

    @Test
    void listsRequestedNumberOfDistinctPrefixedSymbols() {
        List<ReferenceData> reference = new SyntheticMarket(500, 42, "T1-", 10).referenceData();

        assertThat(reference).hasSize(500).extracting(ReferenceData::symbol).doesNotHaveDuplicates()
                .allSatisfy(symbol -> assertThat(symbol).startsWith("T1-"));
    }

    @Test
    void ticksCarryTenLevelBookAroundTheLastPrice() {
        for (MarketTick tick : ticks(new SyntheticMarket(5, 1, "", 10), 200)) {
            assertThat(tick.bids()).hasSize(10);
            assertThat(tick.asks()).hasSize(10);
            assertThat(tick.bids().get(0).price()).isLessThan(tick.price());
            assertThat(tick.asks().get(0).price()).isGreaterThan(tick.price());
        }
    }

    @Test
    void pricesWalkWithoutLeavingTheirNeighbourhood() {
        SyntheticMarket market = new SyntheticMarket(1, 3, "", 10);
        double start = market.referenceData().get(0).previousClose().doubleValue();
        List<MarketTick> ticks = ticks(market, 1000);

        assertThat(ticks.stream().map(MarketTick::price).distinct().count()).isGreaterThan(20);
        assertThat(ticks).extracting(t -> t.price().doubleValue())
                .allSatisfy(price -> assertThat(price).isBetween(start * 0.8, start * 1.25));
    }

    private static List<MarketTick> ticks(SyntheticMarket market, int count) {
        List<MarketTick> ticks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ticks.add(market.nextTick(AT));
        }
        return ticks;
    }
}
