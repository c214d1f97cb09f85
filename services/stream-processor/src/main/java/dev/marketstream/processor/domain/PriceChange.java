package dev.marketstream.processor.domain;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.ReferenceData;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Turns a tick and its instrument's reference data into a price update with the change against the previous close. */
public final class PriceChange {

    /** Digits after the decimal point of {@code change_percent}. */
    public static final int PERCENT_SCALE = 4;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private PriceChange() {
    }

    /**
     * The enriched price. Without reference data the change is 0 and {@code previous_close},
     * {@code sector} and {@code market_cap} are absent, so a client can tell "no reference" from "unchanged".
     */
    public static PriceUpdate of(MarketTick tick, ReferenceData reference) {
        if (reference == null) {
            return new PriceUpdate(tick.symbol(), tick.price(), tick.volume(), tick.timestamp(), BigDecimal.ZERO,
                    BigDecimal.ZERO, null, null, null);
        }
        BigDecimal previousClose = reference.previousClose();
        BigDecimal change = tick.price().subtract(previousClose);
        BigDecimal percent = change.multiply(HUNDRED).divide(previousClose, PERCENT_SCALE, RoundingMode.HALF_EVEN);
        return new PriceUpdate(tick.symbol(), tick.price(), tick.volume(), tick.timestamp(), change, percent,
                previousClose, reference.sector(), reference.marketCap());
    }
}
