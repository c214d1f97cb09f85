package dev.marketstream.marketingest.messaging;

/**
 * Ingest cannot take a batch right now (in-flight buffer full, Kafka slow or down, circuit open).
 * Nothing of the batch was published; the provider should send it again after {@code retryAfterSeconds}.
 */
public final class IngestUnavailableException extends RuntimeException {

    private final long retryAfterSeconds;

    public IngestUnavailableException(String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
