package dev.marketstream.events.market;

import static dev.marketstream.events.codec.Check.listOrEmpty;
import static dev.marketstream.events.codec.Check.required;
import static dev.marketstream.events.codec.Check.marketSymbol;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventValidationException;
import java.time.Instant;
import java.util.List;

/** A snapshot of a symbol's order book, best levels first; published to {@code market-orderbook}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrderBookUpdate(String symbol, List<PriceLevel> bids, List<PriceLevel> asks, Instant timestamp)
        implements EventPayload {

    public OrderBookUpdate {
        marketSymbol(symbol, "symbol");
        bids = listOrEmpty(required(bids, "bids"), PriceLevel.MAX_LEVELS, "bids");
        asks = listOrEmpty(required(asks, "asks"), PriceLevel.MAX_LEVELS, "asks");
        if (bids.isEmpty() && asks.isEmpty()) {
            throw EventValidationException.invalid("bids", "a book needs at least one bid or ask level");
        }
        PriceLevel.checkSides(bids, asks);
        required(timestamp, "timestamp");
    }

    @Override
    public String partitionKey() {
        return symbol;
    }
}
