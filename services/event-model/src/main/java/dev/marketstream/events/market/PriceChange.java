package dev.marketstream.events.market;

/**
 * The change of a price against the previous close, in 8-decimal fixed point: what the stream-processor sends as
 * {@code change} and {@code change_percent}, and what the gateway bench's tick feed sends the same way.
 */
public final class PriceChange {

    /** Digits after the decimal point of {@code change_percent}. */
    public static final int PERCENT_SCALE = 4;
    private static final long PERCENT_UNIT = 10_000L; // 10^(8 - PERCENT_SCALE)

    private PriceChange() {
    }

    public static long change(long price, long previousClose) {
        return price - previousClose;
    }

    /** {@code change × 100 / previous close}, rounded half-even to 4 decimals. */
    public static long percent(long price, long previousClose) {
        double percent = (double) (price - previousClose) * 100.0 / previousClose;
        return Math.round(Math.rint(percent * 1e4)) * PERCENT_UNIT;
    }
}
