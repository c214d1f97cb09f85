package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends records that are not valid user events to {@code <topic>.dlq}, unchanged, with
 * {@link DeadLetterHeaders} (the SmallRye names plus the offending field and error code) next to the
 * original headers. The returned {@code Uni} completes once Kafka has the dead letter, so the input
 * offset is committed only after.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** Outgoing channel; each message names its own topic. */
    public static final String CHANNEL = "dead-letters";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, Throwable error) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.write(headers, record.topic(), record.partition(), record.offset(), error);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.dlq(record.topic()))
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value()).addMetadata(metadata));
    }
}
