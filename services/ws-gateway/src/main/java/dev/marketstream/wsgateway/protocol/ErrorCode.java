package dev.marketstream.wsgateway.protocol;

/** The {@code code} of an {@code error} event; stable names clients can branch on. */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json"),
    UNKNOWN_EVENT("unknown_event"),
    INVALID_FIELD("invalid_field"),
    UNKNOWN_SYMBOL("unknown_symbol"),
    TOO_MANY_SYMBOLS("too_many_symbols"),
    FRAME_TOO_LARGE("frame_too_large"),
    BINARY_FRAME("binary_frame"),
    RATE_LIMITED("rate_limited"),
    SESSION_NOT_FOUND("session_not_found"),
    INVALID_TOKEN("invalid_token"),
    UNAVAILABLE("unavailable");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
