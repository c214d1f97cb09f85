package dev.marketstream.processor.domain;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The running state of one OHLCV window. Open and close are the prices of the earliest and latest
 * tick by exchange time (ties keep arrival order), so a late tick inside the grace period lands in
 * the right place. Immutable; {@link #add} returns the next state.
 *
 * @param firstMillis exchange time of the opening tick, or {@link Long#MAX_VALUE} when empty
 * @param lastMillis exchange time of the closing tick, or {@link Long#MIN_VALUE} when empty
 * @param notional sum of price times volume, for the VWAP
 */
public record OhlcvAccumulator(long firstMillis, BigDecimal open, long lastMillis, BigDecimal close, BigDecimal high,
        BigDecimal low, BigDecimal volume, BigDecimal notional, long trades) {

    /** Digits after the decimal point of the VWAP. */
    public static final int VWAP_SCALE = 6;

    public static OhlcvAccumulator empty() {
        return new OhlcvAccumulator(Long.MAX_VALUE, null, Long.MIN_VALUE, null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, 0);
    }

    public OhlcvAccumulator add(MarketTick tick) {
        long at = tick.timestamp().toEpochMilli();
        BigDecimal price = tick.price();
        boolean opens = at < firstMillis;
        boolean closes = at >= lastMillis;
        return new OhlcvAccumulator(
                opens ? at : firstMillis, opens ? price : open,
                closes ? at : lastMillis, closes ? price : close,
                high == null || price.compareTo(high) > 0 ? price : high,
                low == null || price.compareTo(low) < 0 ? price : low,
                volume.add(tick.volume()), notional.add(price.multiply(tick.volume())), trades + 1);
    }

    /** The bar of a window; the VWAP falls back to the close when nothing traded volume. */
    public OhlcvBar toBar(String symbol, String interval, Instant windowStart, Instant windowEnd) {
        BigDecimal vwap = volume.signum() == 0 ? close
                : notional.divide(volume, new MathContext(34, RoundingMode.HALF_EVEN)).setScale(VWAP_SCALE, RoundingMode.HALF_EVEN);
        return new OhlcvBar(symbol, interval, windowStart, windowEnd, open, high, low, close, volume, vwap, trades);
    }
}
