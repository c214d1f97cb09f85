package dev.marketstream.eventprocessor.support;

import dev.marketstream.testing.RedisProbe;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the @QuarkusTest classes driving the running app share: a Kafka producer, a Redis probe and the log table. */
public abstract class RealStackTest {

    protected static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    protected AgroalDataSource database;

    protected Events events;
    protected RedisProbe redis;

    @BeforeEach
    void connect() {
        events = new Events();
        redis = new RedisProbe(TestRun.REDIS_URI);
    }

    @AfterEach
    void close() {
        events.close();
        redis.close();
    }

    /** The event's {@code processed_at} (set only while its status is {@code processed}), or empty. */
    protected Optional<java.time.OffsetDateTime> processedAt(UUID eventId) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT processed_at FROM event_processing_log WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getObject(1, java.time.OffsetDateTime.class)) : Optional.empty();
            }
        }
    }

    /** {@code status/retry_count/error_message} of the event's {@code event_processing_log} row, once written. */
    protected Optional<String> processingLogRow(UUID eventId) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status, retry_count, error_message FROM event_processing_log WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1) + "/" + row.getInt(2) + "/" + row.getString(3)) : Optional.empty();
            }
        }
    }
}
