package dev.marketstream.events.kafka;

import dev.marketstream.events.codec.EventValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Headers of a dead-letter record: where it came from and why it failed. The first seven names are
 * the ones SmallRye Reactive Messaging's {@code dead-letter-queue} failure strategy writes, so every
 * DLQ of the platform reads the same whichever component filled it.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** The JSON path of the offending field, when validation failed. */
    public static final String FIELD = "dead-letter-field";
    /** The {@link EventValidationException.Code}, when validation failed. */
    public static final String CODE = "dead-letter-code";
    /** When the record was dead-lettered, ISO-8601. */
    public static final String TIMESTAMP = "dead-letter-timestamp";
    /** How many times the record has been re-driven from the DLQ into its topic. */
    public static final String REDRIVE_COUNT = "dead-letter-redrive-count";

    private DeadLetterHeaders() {
    }

    /** Describes a failed record; {@code partition} and {@code offset} are -1 for records that never reached Kafka. */
    public static void write(Headers headers, String originalTopic, int partition, long offset, Throwable error) {
        set(headers, TOPIC, originalTopic);
        set(headers, PARTITION, Integer.toString(partition));
        set(headers, OFFSET, Long.toString(offset));
        set(headers, EXCEPTION_CLASS, error.getClass().getName());
        set(headers, REASON, error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        if (error.getCause() != null) {
            set(headers, CAUSE_CLASS, error.getCause().getClass().getName());
            set(headers, CAUSE, String.valueOf(error.getCause().getMessage()));
        }
        if (error instanceof EventValidationException invalid) {
            set(headers, FIELD, invalid.field());
            set(headers, CODE, invalid.code().name());
        }
        set(headers, TIMESTAMP, Instant.now().toString());
    }

    public static String get(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void set(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
