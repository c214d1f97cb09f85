package dev.marketstream.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proves open/close follow exchange time, not arrival order, and VWAP falls back to the close without volume. */
class OhlcvAccumulatorTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private static MarketTick tick(String price, String volume, long millis) {
        return new MarketTick("X", new BigDecimal(price), new BigDecimal(volume), T0.plusMillis(millis));
    }

    @Test
    void outOfOrderTicksLandByExchangeTime() {
        OhlcvBar bar = OhlcvAccumulator.empty().add(tick("10", "1", 500)).add(tick("12", "1", 900)).add(tick("9", "1", 100))
                .toBar("X", "1s", T0, T0.plusSeconds(1));

        assertThat(bar.open()).isEqualByComparingTo("9");
        assertThat(bar.close()).isEqualByComparingTo("12");
        assertThat(bar.low()).isEqualByComparingTo("9");
        assertThat(bar.tradeCount()).isEqualTo(3);
    }

    @Test
    void sameTimestampKeepsArrivalOrderForClose() {
        OhlcvBar bar = OhlcvAccumulator.empty().add(tick("10", "1", 500)).add(tick("11", "1", 500))
                .toBar("X", "1s", T0, T0.plusSeconds(1));

        assertThat(bar.open()).isEqualByComparingTo("10");
        assertThat(bar.close()).isEqualByComparingTo("11");
    }

    @Test
    void vwapWithoutVolumeIsTheClose() {
        OhlcvBar bar = OhlcvAccumulator.empty().add(tick("10", "0", 1)).add(tick("10.5", "0", 2))
                .toBar("X", "1s", T0, T0.plusSeconds(1));

        assertThat(bar.vwap()).isEqualByComparingTo("10.5");
        assertThat(bar.volume()).isZero();
    }
}
