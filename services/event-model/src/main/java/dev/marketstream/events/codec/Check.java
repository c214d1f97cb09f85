package dev.marketstream.events.codec;

import java.math.BigDecimal;
import java.util.List;

/** Field checks used by the payload records' constructors; each failure names the field. */
public final class Check {

    // Symbols and identifiers are checked for every event, so by a loop over the characters rather than
    // by a regular expression; each accepts exactly the set of the pattern in its comment.

    /** Exchange symbols, {@code [A-Z0-9][A-Z0-9.:/_-]{0,19}}: upper case, digits and the separators venues use (BRK.B, BTC-USD, ES:H27). */
    private static final int SYMBOL_MAX = 20;
    private static final String SYMBOL_SEPARATORS = ".:/_-";
    /** User, portfolio, alert and notification ids: {@code [A-Za-z0-9][A-Za-z0-9._:@-]{0,127}}. */
    private static final int IDENTIFIER_MAX = 128;
    private static final String IDENTIFIER_SEPARATORS = "._:@-";

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
        if (!isSymbol(value)) {
            throw EventValidationException.invalid(field,
                    "'" + abbreviate(value) + "' is not a symbol (1-20 of A-Z 0-9 . : / _ -, starting with a letter or digit)");
        }
        return value;
    }

    /** User, portfolio, alert and notification ids. */
    public static String identifier(String value, String field) {
        required(value, field);
        if (!isIdentifier(value)) {
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

    static boolean isSymbol(String value) {
        return isToken(value, SYMBOL_MAX, false, SYMBOL_SEPARATORS);
    }

    static boolean isIdentifier(String value) {
        return isToken(value, IDENTIFIER_MAX, true, IDENTIFIER_SEPARATORS);
    }

    /** 1 to {@code maxLength} characters: A-Z, 0-9 (and a-z if {@code lowerCase}), then also the separators. */
    private static boolean isToken(String value, int maxLength, boolean lowerCase, String separators) {
        int length = value.length();
        if (length == 0 || length > maxLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (lowerCase && c >= 'a' && c <= 'z');
            if (!alphanumeric && (i == 0 || separators.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
