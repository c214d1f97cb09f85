package dev.marketstream.events.codec;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** Field checks used by the payload records' constructors; each failure names the field. */
public final class Check {

    /** Exchange symbols: upper-case letters, digits and the separators venues use (BRK.B, BTC-USD, ES:H27). */
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.:/_-]{0,19}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private Check() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw EventValidationException.missing(field);
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        required(value, field);
        if (value.isBlank()) {
            throw EventValidationException.invalid(field, "must not be blank");
        }
        return value;
    }

    public static String maxLength(String value, int max, String field) {
        notBlank(value, field);
        if (value.length() > max) {
            throw EventValidationException.invalid(field, "must be at most " + max + " characters but has " + value.length());
        }
        return value;
    }

    public static String marketSymbol(String value, String field) {
        required(value, field);
        if (!SYMBOL.matcher(value).matches()) {
            throw EventValidationException.invalid(field,
                    "'" + abbreviate(value) + "' is not a symbol (1-20 of A-Z 0-9 . : / _ -, starting with a letter or digit)");
        }
        return value;
    }

    /** User, portfolio, alert and notification ids. */
    public static String identifier(String value, String field) {
        required(value, field);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw EventValidationException.invalid(field,
                    "'" + abbreviate(value) + "' is not an identifier (1-128 of letters, digits . _ : @ -)");
        }
        return value;
    }

    public static BigDecimal positive(BigDecimal value, String field) {
        required(value, field);
        if (value.signum() <= 0) {
            throw EventValidationException.invalid(field, "must be greater than 0 but was " + value.toPlainString());
        }
        return value;
    }

    public static BigDecimal nonNegative(BigDecimal value, String field) {
        required(value, field);
        if (value.signum() < 0) {
            throw EventValidationException.invalid(field, "must not be negative but was " + value.toPlainString());
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw EventValidationException.invalid(field, "must not be negative but was " + value);
        }
        return value;
    }

    /** An immutable copy, or an empty list for an absent one. */
    public static <T> List<T> listOrEmpty(List<T> value, int maxSize, String field) {
        if (value == null) {
            return List.of();
        }
        if (value.size() > maxSize) {
            throw EventValidationException.invalid(field, "must have at most " + maxSize + " entries but has " + value.size());
        }
        for (int i = 0; i < value.size(); i++) {
            required(value.get(i), field + "[" + i + "]");
        }
        return List.copyOf(value);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
