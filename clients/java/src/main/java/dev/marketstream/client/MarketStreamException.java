package dev.marketstream.client;

/** What the client reports: through {@link MarketStreamListener#onError} and as the failure of the futures it concerns. */
public class MarketStreamException extends RuntimeException {

    private final String code;

    public MarketStreamException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** {@code unauthorized}, {@code forbidden}, a protocol error code such as {@code unknown_symbol}, {@code closed}, ... */
    public String code() {
        return code;
    }

    /** The gateway refused the token at the handshake (401) or found no trading group in it (403); the client stops. */
    public static final class AuthException extends MarketStreamException {
        private final int status;

        public AuthException(int status) {
            super(status == 403 ? "forbidden" : "unauthorized", "the gateway refused the token with HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** An {@code error} event: a refused request; {@link #field()} names the offending field, if any. */
    public static final class ServerErrorException extends MarketStreamException {
        private final String field;

        public ServerErrorException(String code, String message, String field) {
            super(code, message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
