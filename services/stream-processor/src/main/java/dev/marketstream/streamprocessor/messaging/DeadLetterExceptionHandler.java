package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.platform.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * Safety net for failures the topology does not turn into dead letters itself: a record whose
 * deserialization or processing throws is written, as the source bytes, to the source topic's DLQ
 * with {@link DeadLetterHeaders}, and the stream continues. Configured as both
 * {@code deserialization.exception.handler} and {@code processing.exception.handler}.
 *
 * <p>Kafka Streams 4.1 gives handlers no access to the task's transactional producer, so this path
 * uses its own idempotent producer and waits for the ack before continuing: such dead letters are
 * at-least-once, while the expected ones (invalid ticks, see {@link TickValidator}) go to the DLQ
 * inside the exactly-once transaction. If the DLQ cannot be written the handler answers FAIL, so
 * the record is reprocessed rather than lost.
 */
public class DeadLetterExceptionHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetterExceptionHandler.class);

    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        // The streams configuration carries the cluster's bootstrap servers and security settings.
        Map<String, Object> config = KafkaClientSettings.producer(configs, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters"));
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        return deadLetter(context, record.key(), record.value(), exception)
                ? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception)
                ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
    }

    private boolean deadLetter(ErrorHandlerContext context, byte[] key, byte[] value, Exception exception) {
        RecordHeaders headers = new RecordHeaders(context.headers().toArray());
        DeadLetterHeaders.write(headers, context.topic(), context.partition(), context.offset(), exception);
        String dlq = Topics.dlq(context.topic());
        try {
            producer.send(new ProducerRecord<>(dlq, null, key, value, headers)).get(30, TimeUnit.SECONDS);
            LOG.warnf("dead-lettered %s-%d@%d at node %s: %s", context.topic(), context.partition(), context.offset(),
                    context.processorNodeId(), exception.toString());
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf(e, "could not dead-letter %s-%d@%d", context.topic(), context.partition(), context.offset());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes the producer; Kafka Streams does not, so the owner of the handler's lifecycle may. */
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
