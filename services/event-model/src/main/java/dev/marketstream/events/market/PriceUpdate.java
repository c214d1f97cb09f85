package dev.marketstream.events.market;

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

/**
 * The latest price of a symbol with its change against the previous close; published to
 * {@code market-prices} and sent to clients as {@code market_data}.
 *
 * @param change price minus previous close
 * @param change_percent change as a percentage of the previous close
 * @param previousClose the reference price used for the change, optional
 * @param sector reference data enrichment, optional
 * @param marketCap reference data enrichment, optional
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PriceUpdate(
        String symbol,
        BigDecimal price,
        BigDecimal volume,
        Instant timestamp,
        BigDecimal change,
        BigDecimal changePercent,
        BigDecimal previousClose,
        String sector,
        BigDecimal marketCap) implements EventPayload {

    public PriceUpdate {
        marketSymbol(symbol, "symbol");
        positive(price, "price");
        nonNegative(volume, "volume");
        required(timestamp, "timestamp");
        required(change, "change");
        required(changePercent, "change_percent");
        if (previousClose != null) {
            positive(previousClose, "previous_close");
        }
        if (marketCap != null) {
            nonNegative(marketCap, "market_cap");
        }
    }

    @Override
    public String partitionKey() {
        return symbol;
    }
}
