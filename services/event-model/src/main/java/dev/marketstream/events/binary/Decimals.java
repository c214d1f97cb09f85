package dev.marketstream.events.binary;

import dev.marketstream.events.codec.EventValidationException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-point decimals as the binary records carry them: an {@code int64} with {@link #SCALE} implied decimals
 * (189.5 is 18_950_000_000). Exact for prices and quantities up to about 92 billion; no {@link BigDecimal} on the
 * hot path, which only adds, compares and prints them.
 */
public final class Decimals {

    /** Implied decimal places of every price and quantity. */
    public static final int SCALE = 8;
    /** The fixed-point value of 1. */
    public static final long ONE = 100_000_000L;
    /** The SBE null value of an optional decimal ({@code OptionalFixed8}) or amount ({@code OptionalUnits}). */
    public static final long ABSENT = Long.MIN_VALUE;

    private Decimals() {
    }

    /** The exact fixed-point value; refuses more than 8 decimals or a magnitude that does not fit, naming the field. */
    public static long of(BigDecimal value, String field) {
        try {
            return value.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw EventValidationException.invalid(field, value.toPlainString() + " does not fit a decimal of at most "
                    + SCALE + " places below 92,233,720,368");
        }
    }

    /** A whole number as a fixed-point value. */
    public static long ofUnits(long units) {
        return Math.multiplyExact(units, ONE);
    }

    public static BigDecimal toBigDecimal(long value) {
        return BigDecimal.valueOf(value, SCALE).stripTrailingZeros();
    }

    /** {@code value} as a JSON number without trailing zeros: 189.5, 12, -0.25. */
    public static StringBuilder appendTo(StringBuilder out, long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return out.append(toBigDecimal(value).toPlainString());
            }
            out.append('-');
            value = -value;
        }
        long units = value / ONE;
        long fraction = value % ONE;
        out.append(units);
        if (fraction != 0) {
            int digits = SCALE;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            for (long pad = fraction * 10; pad < pow10(digits); pad *= 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out;
    }

    public static String toString(long value) {
        return appendTo(new StringBuilder(24), value).toString();
    }

    /** {@code price × size} in the currency, for notional sums (VWAP); a double keeps the sum free of overflow. */
    public static double notional(long price, long size) {
        return (double) price / ONE * ((double) size / ONE);
    }

    /** A double (an average such as a VWAP) back to fixed point, rounded half-even to 8 decimals. */
    public static long ofDouble(double value) {
        return Math.round(value * ONE);
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
