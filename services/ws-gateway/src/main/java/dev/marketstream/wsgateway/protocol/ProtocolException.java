package dev.marketstream.wsgateway.protocol;

/** A client frame the gateway refuses; becomes an {@code error} event, the connection stays open. */
public final class ProtocolException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final String requestId;

    public ProtocolException(ErrorCode code, String field, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
        this.requestId = requestId;
    }

    public ProtocolException(ErrorCode code, String field, String message) {
        this(code, field, message, null);
    }

    public ProtocolException withRequestId(String id) {
        return new ProtocolException(code, field, getMessage(), id);
    }

    public ErrorCode code() {
        return code;
    }

    /** JSON path of the offending field, such as {@code data.symbols[2]}; {@code $} for the whole frame. */
    public String field() {
        return field;
    }

    public String requestId() {
        return requestId;
    }
}
