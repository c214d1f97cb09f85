package dev.marketstream.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.ReferenceData;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proves change and change percent are exact against the previous close, rounded half-even to 4 places. */
class PriceChangeTest {

    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    private static PriceUpdate priceAt(String price, String previousClose) {
        return PriceChange.of(new MarketTick("X", new BigDecimal(price), BigDecimal.ONE, AT),
                new ReferenceData("X", "Energy", BigDecimal.TEN, new BigDecimal(previousClose)));
    }

    @Test
    void fallingPriceGivesNegativeChange() {
        PriceUpdate update = priceAt("95.5", "100");

        assertThat(update.change()).isEqualByComparingTo("-4.5");
        assertThat(update.changePercent()).isEqualByComparingTo("-4.5");
    }

    @Test
    void percentIsRoundedHalfEvenToFourPlaces() {
        assertThat(priceAt("1.00001", "3").changePercent()).isEqualByComparingTo("-66.6663");
        assertThat(priceAt("3", "3").changePercent()).isEqualByComparingTo("0");
    }

    @Test
    void unchangedPriceKeepsReferenceFields() {
        PriceUpdate update = priceAt("3", "3");

        assertThat(update.previousClose()).isEqualByComparingTo("3");
        assertThat(update.sector()).isEqualTo("Energy");
    }
}
