package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.binary.BarIds;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.Intervals;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.sbe.TradeDecoder;
import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.streamprocessor.domain.AuditReport;
import dev.marketstream.streamprocessor.domain.ClosedBar;
import dev.marketstream.streamprocessor.domain.Window;
import dev.marketstream.streamprocessor.persistence.AuditStore;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Audit replay (DESIGN.md "Audit replay"): re-reads one symbol's trades of a time range from {@code market-data-raw}
 * (its partition only, from the offset Kafka's time index gives for the range start, committed records, no consumer
 * group), rebuilds the 1 s or 1 min bars with the processor's own {@link Window} arithmetic, stores them as a job in
 * the audit table and compares them window by window with the stored history. Trades the processor refuses (price not
 * above 0, negative size) are left out as it leaves them out; trades it counted late are in, so a late trade shows as
 * a difference. Blocking; one replay at a time per instance.
 */
@ApplicationScoped
public class AuditReplayer {

    /** Records are stamped when produced; exchange times may lie this far on either side of that. */
    static final Duration TIME_SLACK = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Consecutive records stamped past the range after which the rest of the partition is taken to be later. */
    static final int MAX_RECORDS_PAST_RANGE = 100_000;

    private final Map<String, Object> kafka;
    private final AgroalDataSource dataSource;
    private final AuditStore store = new AuditStore();
    private final MarketRecord reader = new MarketRecord();

    public AuditReplayer(@Identifier("default-kafka-broker") Map<String, Object> kafka, AgroalDataSource dataSource) {
        this.kafka = kafka;
        this.dataSource = dataSource;
    }

    /** Rebuilds the bars of {@code symbol} whose windows start in [from, to) (aligned to the interval) and compares them. */
    public synchronized AuditReport replay(String symbol, int intervalSeconds, Instant from, Instant to) throws SQLException {
        long size = intervalSeconds * 1_000_000_000L;
        long start = Window.startOf(Envelopes.nanos(from), intervalSeconds);
        long end = -Window.startOf(-Envelopes.nanos(to), intervalSeconds);
        TreeMap<Long, Window> windows = new TreeMap<>();
        long[] counts = new long[2];
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            int partitions = consumer.partitionsFor(Topics.MARKET_DATA_RAW, Duration.ofSeconds(30)).size();
            // The producers' default partitioner: murmur2 of the key bytes.
            TopicPartition partition = new TopicPartition(Topics.MARKET_DATA_RAW,
                    Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % partitions);
            consumer.assign(List.of(partition));
            long last = consumer.endOffsets(List.of(partition)).get(partition);
            OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(partition,
                    Envelopes.instant(start).minus(TIME_SLACK).toEpochMilli())).get(partition);
            if (first != null) {
                consumer.seek(partition, first.offset());
                long stopAfter = Envelopes.instant(end).plus(TIME_SLACK).toEpochMilli();
                read(consumer, partition, last, stopAfter, symbol, intervalSeconds, start, end, windows, counts);
            }
        }
        List<ClosedBar> bars = new ArrayList<>(windows.size());
        windows.forEach((windowStart, w) -> bars.add(new ClosedBar(symbol, intervalSeconds, windowStart, w.open(), w.high(), w.low(),
                w.close(), w.volume(), w.vwap(), w.trades(), BarIds.of(symbol, intervalSeconds, windowStart))));
        UUID job = UUID.randomUUID();
        Instant alignedFrom = Envelopes.instant(start);
        Instant alignedTo = Envelopes.instant(end);
        try (Connection connection = dataSource.getConnection()) {
            store.store(connection, job, bars);
            AuditStore.Comparison result = store.compare(connection, job, symbol, intervalSeconds, alignedFrom, alignedTo, AuditReport.MAX_LISTED);
            return new AuditReport(job, symbol, Intervals.name(intervalSeconds), alignedFrom, alignedTo, counts[0], counts[1], bars.size(),
                    result.matching(), result.differingCount(), result.missingCount(), result.unexpectedCount(), result.differing(),
                    result.missing(), result.unexpected());
        }
    }

    private void read(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, long last, long stopAfterMillis, String symbol,
            int intervalSeconds, long start, long end, Map<Long, Window> windows, long[] counts) {
        int idle = 0;
        int pastRange = 0;
        while (consumer.position(partition) < last && idle < 3) {
            var records = consumer.poll(POLL);
            idle = records.isEmpty() ? idle + 1 : 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.offset() >= last) {
                    return;
                }
                // Producers stamp records (CreateTime), so a partition's timestamps are not in order: another
                // producer's record may lie past the range between this range's records. Stop only after a long run
                // of records past it.
                if (record.timestamp() > stopAfterMillis) {
                    if (++pastRange >= MAX_RECORDS_PAST_RANGE) {
                        return;
                    }
                    continue;
                }
                pastRange = 0;
                counts[0]++;
                if (!symbol.equals(record.key())) {
                    continue;
                }
                try {
                    if (reader.wrap(record.value()) != MarketType.TRADE) {
                        continue;
                    }
                } catch (EventValidationException e) {
                    continue; // dead-lettered by the processor: in no bar
                }
                TradeDecoder trade = reader.trade();
                long time = trade.exchangeTime();
                if (trade.price() <= 0 || trade.size() < 0 || time < start || time >= end) {
                    continue;
                }
                counts[1]++;
                long windowStart = Window.startOf(time, intervalSeconds);
                windows.computeIfAbsent(windowStart, s -> new Window(intervalSeconds, s)).add(time, trade.price(), trade.size());
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(KafkaClientSettings.consumer(kafka, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "stream-processor-audit",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
