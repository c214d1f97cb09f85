package dev.marketstream.events.market;

import static dev.marketstream.events.codec.Check.nonNegative;
import static dev.marketstream.events.codec.Check.positive;

import dev.marketstream.events.codec.EventValidationException;
import java.math.BigDecimal;
import java.util.List;

/** One level of an order book: a price and the quantity resting at it. */
public record PriceLevel(BigDecimal price, BigDecimal size) {

    /** Books deeper than this are cut by the provider adapter, not shipped. */
    public static final int MAX_LEVELS = 50;

    public PriceLevel {
        positive(price, "price");
        nonNegative(size, "size");
    }

    /**
     * Checks the two sides of a book: bids strictly descending, asks strictly ascending, and not
     * crossed (best bid below best ask).
     */
    static void checkSides(List<PriceLevel> bids, List<PriceLevel> asks) {
        checkOrdered(bids, -1, "bids");
        checkOrdered(asks, 1, "asks");
        if (!bids.isEmpty() && !asks.isEmpty() && bids.get(0).price().compareTo(asks.get(0).price()) >= 0) {
            throw EventValidationException.invalid("bids[0].price", "best bid " + bids.get(0).price().toPlainString()
                    + " must be below best ask " + asks.get(0).price().toPlainString());
        }
    }

    private static void checkOrdered(List<PriceLevel> levels, int direction, String field) {
        for (int i = 1; i < levels.size(); i++) {
            if (levels.get(i).price().compareTo(levels.get(i - 1).price()) * direction <= 0) {
                throw EventValidationException.invalid(field + "[" + i + "].price",
                        "levels must be strictly " + (direction < 0 ? "descending" : "ascending") + " by price");
            }
        }
    }
}
