package dev.marketstream.events.codec;

/**
 * A document that cannot become an event. Names the offending field as a JSON path
 * ({@code data.bids[2].price}, or {@code $} for the whole document) and says why, so the error
 * can be returned to a provider or client as it is.
 */
public final class EventValidationException extends RuntimeException {

    /** The kind of problem, stable for clients and dead-letter headers. */
    public enum Code {
        MALFORMED_JSON,
        MISSING_FIELD,
        INVALID_VALUE,
        UNKNOWN_FIELD,
        UNKNOWN_EVENT_TYPE,
        PAYLOAD_TOO_LARGE,
        /** A binary record whose bytes end early or do not fit its header. */
        MALFORMED_RECORD,
        /** A binary record of a schema id or message this reader cannot read (the reason names the version). */
        UNSUPPORTED_SCHEMA
    }

    private final Code code;
    private final String field;
    private final String reason;

    public EventValidationException(Code code, String field, String reason) {
        super(field + ": " + reason, null, false, false);
        this.code = code;
        this.field = field;
        this.reason = reason;
    }

    public static EventValidationException missing(String field) {
        return new EventValidationException(Code.MISSING_FIELD, field, "is required");
    }

    public static EventValidationException invalid(String field, String reason) {
        return new EventValidationException(Code.INVALID_VALUE, field, reason);
    }

    /** The same problem seen from an enclosing document: {@code price} inside {@code data} becomes {@code data.price}. */
    public EventValidationException under(String parentPath) {
        if (parentPath.isEmpty() || "$".equals(parentPath)) {
            return this;
        }
        String path = "$".equals(field) ? parentPath : field.startsWith("[") ? parentPath + field : parentPath + "." + field;
        return new EventValidationException(code, path, reason);
    }

    public Code code() {
        return code;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
