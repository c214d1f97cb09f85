package dev.marketstream.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.codec.EventValidationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Checks a dead letter records origin and reason, with field and code for validation failures. */
class DeadLetterHeadersTest {

    @Test
    void describesValidationFailure() {
        RecordHeaders headers = new RecordHeaders();

        DeadLetterHeaders.write(headers, Topics.MARKET_DATA_RAW, 3, 1042L,
                EventValidationException.invalid("data.price", "must be greater than 0 but was -1"));

        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.TOPIC)).isEqualTo("market-data-raw");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.PARTITION)).isEqualTo("3");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.OFFSET)).isEqualTo("1042");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.FIELD)).isEqualTo("data.price");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.CODE)).isEqualTo("INVALID_VALUE");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.REASON)).isEqualTo("data.price: must be greater than 0 but was -1");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.EXCEPTION_CLASS)).endsWith("EventValidationException");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.TIMESTAMP)).isNotBlank();
    }

    @Test
    void describesProcessingFailureWithCause() {
        RecordHeaders headers = new RecordHeaders();

        DeadLetterHeaders.write(headers, Topics.USER_EVENTS, -1, -1L,
                new IllegalStateException("store unavailable", new java.io.IOException("disk full")));

        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.CAUSE)).isEqualTo("disk full");
        assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.FIELD)).isNull();
    }
}
