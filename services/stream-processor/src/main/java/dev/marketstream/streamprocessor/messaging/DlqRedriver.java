package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.EventIds;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.ProviderTicks;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.streamprocessor.config.StreamProcessorConfig;
import dev.marketstream.streamprocessor.domain.RedriveReport;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Re-drives {@code market-data-raw.dlq}: reads the dead letters not yet examined (its own consumer
 * group remembers where it stopped) and puts back into {@code market-data-raw} every record that is a
 * trade or book update now: a binary record as it is, a provider's JSON tick (bare, or in a JSON envelope
 * whose id it keeps) as a binary trade. The book levels of a JSON tick are not re-driven: a book that old would
 * overwrite the live one. Records still invalid, or re-driven {@code maxRedrives} times already, stay in the DLQ.
 * Produced records and the group's offsets are committed in one transaction, so a record is re-driven once
 * however the call ends. The processor checks every re-driven record again.
 */
@ApplicationScoped
public class DlqRedriver {

    public static final String SOURCE = "dlq-redrive";
    private static final String DLQ = Topics.dlq(Topics.MARKET_DATA_RAW);
    private static final EventCodec CODEC = new EventCodec();
    private static final Duration POLL = Duration.ofMillis(500);

    private final MarketRecord reader = new MarketRecord();
    private final MarketWriter writer = new MarketWriter();
    private final Map<String, Object> kafka;
    private final String applicationId;
    private final int maxRedrives;

    public DlqRedriver(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId, StreamProcessorConfig config) {
        this.kafka = kafka;
        this.applicationId = applicationId;
        this.maxRedrives = config.maxRedrives();
    }

    /**
     * Examines up to {@code limit} dead letters; blocking. Starts where the previous re-drive stopped, or,
     * given {@code since}, at the first dead letter written at or after that instant.
     */
    public synchronized RedriveReport redrive(int limit, Optional<Instant> since) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(); KafkaProducer<String, byte[]> producer = producer()) {
            position(consumer, since);
            producer.initTransactions();
            producer.beginTransaction();
            RedriveReport report = new RedriveReport(0, 0, 0, 0);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            int idlePolls = 0;
            while (report.examined() < limit && idlePolls < 3) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (report.examined() >= limit) {
                        break; // the rest stays for the next call: offsets below stop at the last examined record
                    }
                    report = report.plus(redriveOne(record, producer));
                    offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            return report;
        }
    }

    private static void position(KafkaConsumer<String, byte[]> consumer, Optional<Instant> since) {
        List<TopicPartition> partitions = consumer.partitionsFor(DLQ, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(DLQ, p.partition())).toList();
        consumer.assign(partitions);
        if (since.isPresent()) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since.get().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = found.get(partition);
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    private RedriveReport redriveOne(ConsumerRecord<String, byte[]> record, KafkaProducer<String, byte[]> producer) {
        int count = redriveCount(record);
        if (count >= maxRedrives || !Topics.MARKET_DATA_RAW.equals(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.TOPIC))) {
            return new RedriveReport(1, 0, 0, 1);
        }
        KeyValue<String, byte[]> market;
        try {
            market = asMarketRecord(record.value());
        } catch (EventValidationException e) {
            return new RedriveReport(1, 0, 1, 0);
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dead-letter-")) {
                headers.add(header);
            }
        }
        headers.add(DeadLetterHeaders.REDRIVE_COUNT, Integer.toString(count + 1).getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, null, market.key, market.value, headers));
        return new RedriveReport(1, 1, 0, 0);
    }

    /** The symbol and binary record of a dead letter that is a trade or book update now; otherwise the reason why not. */
    private KeyValue<String, byte[]> asMarketRecord(byte[] value) {
        if (value == null) {
            throw EventValidationException.missing("$");
        }
        if (value.length > 0 && value[0] == '{') {
            MarketTick tick;
            UUID id;
            try {
                EventEnvelope<MarketTick> envelope = CODEC.decode(value, MarketTick.class);
                tick = envelope.data();
                id = envelope.eventId();
            } catch (EventValidationException notAnEnvelope) {
                tick = CODEC.decodePayload(value, MarketTick.class);
                id = EventIds.next();
            }
            return KeyValue.pair(tick.symbol(), ProviderTicks.trade(writer, tick, id, Envelopes.now(), TraceIds.NONE, SOURCE));
        }
        MarketType type = reader.wrap(value);
        if (type != MarketType.TRADE && type != MarketType.BOOK_UPDATE) {
            throw EventValidationException.invalid("eventType", type.wireName() + " does not belong in market-data-raw");
        }
        return KeyValue.pair(Check.marketSymbol(reader.symbol(), "symbol"), value);
    }

    private static int redriveCount(ConsumerRecord<String, byte[]> record) {
        String count = DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REDRIVE_COUNT);
        try {
            return count == null ? 0 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = KafkaClientSettings.consumer(kafka, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-redrive",
                ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-redrive",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = KafkaClientSettings.producer(kafka, Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, applicationId + "-redrive",
                ProducerConfig.CLIENT_ID_CONFIG, applicationId + "-redrive-producer",
                ProducerConfig.ACKS_CONFIG, "all"));
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
