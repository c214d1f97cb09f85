package dev.marketstream.events.kafka;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serdes for envelopes. Deserializing a record that is not a valid event of the expected type
 * throws {@link dev.marketstream.events.codec.EventValidationException}, which the consumer's
 * error handler turns into a dead letter.
 */
public final class EventSerde {

    private static final EventCodec CODEC = new EventCodec();

    private EventSerde() {
    }

    /** A serde for envelopes carrying the given payload type. */
    public static <T extends EventPayload> Serde<EventEnvelope<T>> of(Class<T> payloadType) {
        Serializer<EventEnvelope<T>> serializer = (topic, envelope) -> envelope == null ? null : CODEC.encode(envelope);
        Deserializer<EventEnvelope<T>> deserializer = (topic, bytes) -> bytes == null ? null : CODEC.decode(bytes, payloadType);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** Serializer for any envelope; usable by class name in producer configuration. */
    public static final class EnvelopeSerializer implements Serializer<EventEnvelope<?>> {
        @Override
        public byte[] serialize(String topic, EventEnvelope<?> envelope) {
            return envelope == null ? null : CODEC.encode(envelope);
        }
    }

    /** Deserializer for envelopes of any type; usable by class name in consumer configuration. */
    public static final class EnvelopeDeserializer implements Deserializer<EventEnvelope<?>> {
        @Override
        public EventEnvelope<?> deserialize(String topic, byte[] bytes) {
            return bytes == null ? null : CODEC.decode(bytes);
        }
    }
}
