package dev.marketstream.events.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.binary.Decimals;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Proves change and change percent against the previous close, in fixed point, the percent rounded half-even to 4 places. */
class PriceChangeTest {

    @Test
    void fallingPriceGivesNegativeChange() {
        assertThat(Decimals.toString(PriceChange.change(fixed("95.5"), fixed("100")))).isEqualTo("-4.5");
        assertThat(Decimals.toString(PriceChange.percent(fixed("95.5"), fixed("100")))).isEqualTo("-4.5");
    }

    @Test
    void percentIsRoundedHalfEvenToFourPlaces() {
        assertThat(Decimals.toString(PriceChange.percent(fixed("1.00001"), fixed("3")))).isEqualTo("-66.6663");
        assertThat(Decimals.toString(PriceChange.percent(fixed("189.42"), fixed("188")))).isEqualTo("0.7553");
        assertThat(PriceChange.percent(fixed("3"), fixed("3"))).isZero();
    }

    private static long fixed(String decimal) {
        return Decimals.of(new BigDecimal(decimal), "value");
    }
}
