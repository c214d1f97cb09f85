package dev.marketstream.events.market;

import static dev.marketstream.events.codec.Check.nonNegative;
import static dev.marketstream.events.codec.Check.positive;
import static dev.marketstream.events.codec.Check.required;
import static dev.marketstream.events.codec.Check.marketSymbol;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An open-high-low-close-volume bar of one symbol over one time window; published to
 * {@code market-data-aggregated} and sent to clients as candles.
 *
 * @param interval window length, such as {@code 1s} or {@code 1m}
 * @param windowStart inclusive start of the window
 * @param windowEnd exclusive end of the window
 * @param vwap volume-weighted average price over the window
 * @param tradeCount number of trades in the window, at least 1
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OhlcvBar(
        String symbol,
        String interval,
        Instant windowStart,
        Instant windowEnd,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal vwap,
        long tradeCount) implements EventPayload {

    private static final Pattern INTERVAL = Pattern.compile("[1-9][0-9]{0,3}[smhd]");

    public OhlcvBar {
        marketSymbol(symbol, "symbol");
        required(interval, "interval");
        if (!INTERVAL.matcher(interval).matches()) {
            throw EventValidationException.invalid("interval", "'" + interval + "' is not an interval such as 1s, 1m, 1h");
        }
        required(windowStart, "window_start");
        required(windowEnd, "window_end");
        if (!windowEnd.isAfter(windowStart)) {
            throw EventValidationException.invalid("window_end", "must be after window_start");
        }
        positive(open, "open");
        positive(high, "high");
        positive(low, "low");
        positive(close, "close");
        nonNegative(volume, "volume");
        positive(vwap, "vwap");
        if (tradeCount < 1) {
            throw EventValidationException.invalid("trade_count", "must be at least 1 but was " + tradeCount);
        }
        if (high.compareTo(open.max(close).max(low)) < 0) {
            throw EventValidationException.invalid("high", "must be the highest of open, high, low and close");
        }
        if (low.compareTo(open.min(close)) > 0) {
            throw EventValidationException.invalid("low", "must be the lowest of open, high, low and close");
        }
    }

    @Override
    public String partitionKey() {
        return symbol;
    }
}
