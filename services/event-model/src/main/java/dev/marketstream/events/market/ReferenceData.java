package dev.marketstream.events.market;

import static dev.marketstream.events.codec.Check.marketSymbol;
import static dev.marketstream.events.codec.Check.maxLength;
import static dev.marketstream.events.codec.Check.nonNegative;
import static dev.marketstream.events.codec.Check.positive;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import java.math.BigDecimal;

/**
 * Static facts about an instrument, published to the compacted {@code reference-data} topic keyed by
 * symbol; the stream processor joins ticks with it (a GlobalKTable) to add sector, market cap and the
 * change against the previous close.
 *
 * @param sector industry sector, such as {@code Technology}
 * @param marketCap market capitalisation in the quote currency, not negative
 * @param previousClose the last closing price, the reference for {@code change}; greater than 0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReferenceData(String symbol, String sector, BigDecimal marketCap, BigDecimal previousClose)
        implements EventPayload {

    public ReferenceData {
        marketSymbol(symbol, "symbol");
        maxLength(sector, 64, "sector");
        nonNegative(marketCap, "market_cap");
        positive(previousClose, "previous_close");
    }

    @Override
    public String partitionKey() {
        return symbol;
    }
}
