package dev.marketstream.events.market;

import static dev.marketstream.events.codec.Check.nonNegative;
import static dev.marketstream.events.codec.Check.required;
import static dev.marketstream.events.codec.Check.marketSymbol;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventValidationException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Traded quantity of a symbol; published to {@code market-volume}.
 *
 * @param volume quantity of this trade
 * @param cumulativeVolume quantity traded since the processor started counting this symbol (session volume)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VolumeUpdate(String symbol, BigDecimal volume, BigDecimal cumulativeVolume, Instant timestamp)
        implements EventPayload {

    public VolumeUpdate {
        marketSymbol(symbol, "symbol");
        nonNegative(volume, "volume");
        nonNegative(cumulativeVolume, "cumulative_volume");
        required(timestamp, "timestamp");
        if (cumulativeVolume.compareTo(volume) < 0) {
            throw EventValidationException.invalid("cumulative_volume", "must not be below volume " + volume.toPlainString());
        }
    }

    @Override
    public String partitionKey() {
        return symbol;
    }
}
