package dev.marketstream.events.market;

import static dev.marketstream.events.codec.Check.listOrEmpty;
import static dev.marketstream.events.codec.Check.nonNegative;
import static dev.marketstream.events.codec.Check.positive;
import static dev.marketstream.events.codec.Check.required;
import static dev.marketstream.events.codec.Check.marketSymbol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A raw trade as a provider reports it, optionally with the order book at that moment. Published to
 * {@code market-data-raw}; the stream processor splits it into price, volume and order-book updates.
 *
 * @param symbol instrument symbol, upper case
 * @param price last trade price, greater than 0
 * @param volume quantity of the trade, not negative
 * @param timestamp exchange time of the trade
 * @param exchange venue code, optional
 * @param bids order-book bids, best first, optional
 * @param asks order-book asks, best first, optional
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MarketTick(
        String symbol,
        BigDecimal price,
        BigDecimal volume,
        Instant timestamp,
        String exchange,
        List<PriceLevel> bids,
        List<PriceLevel> asks) implements EventPayload {

    public MarketTick {
        marketSymbol(symbol, "symbol");
        positive(price, "price");
        nonNegative(volume, "volume");
        required(timestamp, "timestamp");
        bids = listOrEmpty(bids, PriceLevel.MAX_LEVELS, "bids");
        asks = listOrEmpty(asks, PriceLevel.MAX_LEVELS, "asks");
        PriceLevel.checkSides(bids, asks);
    }

    /** A trade without book data. */
    public MarketTick(String symbol, BigDecimal price, BigDecimal volume, Instant timestamp) {
        this(symbol, price, volume, timestamp, null, List.of(), List.of());
    }

    public boolean hasBook() {
        return !bids.isEmpty() || !asks.isEmpty();
    }

    @Override
    public String partitionKey() {
        return symbol;
    }
}
