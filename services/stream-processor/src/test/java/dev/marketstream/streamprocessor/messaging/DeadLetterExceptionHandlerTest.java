package dev.marketstream.streamprocessor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.streamprocessor.OutputCollector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Proves the safety-net handler writes a failed record's source bytes to the real DLQ with its origin, and lets the stream continue. */
class DeadLetterExceptionHandlerTest {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    @Test
    void processingFailureIsDeadLetteredWithSourceBytesAndOrigin() {
        String key = "H" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        byte[] value = ("{\"broken\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();
        handler.configure(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, StreamsConfig.APPLICATION_ID_CONFIG, "handler-test"));
        try (OutputCollector dlq = new OutputCollector(BOOTSTRAP, List.of(Topics.dlq(Topics.MARKET_DATA_RAW)),
                r -> key.equals(r.key()))) {
            ProcessingHandlerResponse response = handler.handle(context(key, value), new Record<>(key, "decoded", 0L),
                    new IllegalStateException("bug in a later step"));

            assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !dlq.poll().records(Topics.dlq(Topics.MARKET_DATA_RAW)).isEmpty());
            ConsumerRecord<String, byte[]> dead = dlq.records(Topics.dlq(Topics.MARKET_DATA_RAW)).get(0);
            assertThat(dead.value()).isEqualTo(value);
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(Topics.MARKET_DATA_RAW);
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.PARTITION)).isEqualTo("7");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.OFFSET)).isEqualTo("4242");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("bug in a later step");
            assertThat(new String(dead.headers().lastHeader("trace-id").value(), StandardCharsets.UTF_8)).isEqualTo("kept");
        } finally {
            handler.close();
        }
    }

    private static ErrorHandlerContext context(String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "kept".getBytes(StandardCharsets.UTF_8));
        return new ErrorHandlerContext() {
            public String topic() {
                return Topics.MARKET_DATA_RAW;
            }

            public int partition() {
                return 7;
            }

            public long offset() {
                return 4242;
            }

            public Headers headers() {
                return headers;
            }

            public String processorNodeId() {
                return "enrich";
            }

            public TaskId taskId() {
                return new TaskId(1, 7);
            }

            public long timestamp() {
                return 0;
            }

            public byte[] sourceRawKey() {
                return key.getBytes(StandardCharsets.UTF_8);
            }

            public byte[] sourceRawValue() {
                return value;
            }
        };
    }
}
