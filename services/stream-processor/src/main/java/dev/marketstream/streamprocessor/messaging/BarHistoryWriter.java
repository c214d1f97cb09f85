package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.history.CandleTables;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.sbe.OhlcvBarDecoder;
import dev.marketstream.platform.kafka.KafkaClientSettings;
import dev.marketstream.platform.threads.NamedThreads;
import dev.marketstream.streamprocessor.config.StreamProcessorConfig;
import dev.marketstream.streamprocessor.domain.ClosedBar;
import dev.marketstream.streamprocessor.domain.HistoryStats;
import dev.marketstream.streamprocessor.persistence.AuditStore;
import dev.marketstream.streamprocessor.persistence.CandlePartitions;
import dev.marketstream.streamprocessor.persistence.CandleStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Moves closed bars from {@code market-data-aggregated} into PostgreSQL (see DESIGN.md "Bars in PostgreSQL"): one
 * consumer-group member per instance on a thread of its own reads committed records, stores each poll as one
 * transaction ({@link CandleStore}) and only then commits the poll's offsets. A crash between the two makes the group
 * deliver the poll again, and the store writes nothing twice. A batch PostgreSQL refuses is tried again, with back-off,
 * until it is stored; nothing is skipped. Once an hour (and at start) it makes the coming days' partitions, drops
 * those past their retention and deletes audit replays older than a week.
 */
@ApplicationScoped
public class BarHistoryWriter {

    private static final Logger LOG = Logger.getLogger(BarHistoryWriter.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAINTENANCE_EVERY = Duration.ofHours(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Audit replays' rebuilt bars are kept this long (operators compare them right away). */
    private static final Duration AUDIT_RETENTION = Duration.ofDays(7);

    private final Map<String, Object> kafka;
    private final StreamProcessorConfig.History config;
    private final AgroalDataSource dataSource;
    private final Flyway flyway;
    private final HistoryStats stats;
    private final Clock clock;
    private final CandlePartitions partitions;
    private final CandleStore store;
    private final AuditStore audits = new AuditStore();
    private final MarketRecord reader = new MarketRecord();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private Instant maintainedAt = Instant.MIN;

    public BarHistoryWriter(@Identifier("default-kafka-broker") Map<String, Object> kafka, StreamProcessorConfig config,
            AgroalDataSource dataSource, Flyway flyway, HistoryStats stats) {
        this.kafka = kafka;
        this.flyway = flyway;
        this.config = config.history();
        this.dataSource = dataSource;
        this.stats = stats;
        this.clock = Clock.systemUTC();
        this.partitions = new CandlePartitions(List.of(
                new CandlePartitions.Table(CandleTables.SECOND_BARS, this.config.secondBarsRetention()),
                new CandlePartitions.Table(CandleTables.MINUTE_BARS, this.config.retention()),
                new CandlePartitions.Table(CandleTables.ROLLUPS, this.config.retention())));
        this.store = new CandleStore(partitions);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("the bar history writer is disabled (processor.history.enabled=false)");
            return;
        }
        running = true;
        thread = NamedThreads.single("bar-history", this::run);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(5).toMillis());
        }
    }

    private void run() {
        if (!migrateUntilDone()) {
            return;
        }
        try (KafkaConsumer<String, byte[]> kafkaConsumer = newConsumer()) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(Topics.MARKET_DATA_AGGREGATED));
            while (running) {
                ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(POLL);
                maintainWhenDue();
                if (records.isEmpty()) {
                    continue;
                }
                storeUntilDone(bars(records));
                commit(kafkaConsumer, records);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("the bar history writer stopped; bars are stored again from the group's committed offsets after a restart", e);
        } finally {
            consumer = null;
        }
    }

    /** Commits a stored poll; a commit refused by a rebalance only means its bars are read and skipped again. */
    private static void commit(KafkaConsumer<String, byte[]> kafkaConsumer, ConsumerRecords<String, byte[]> records) {
        try {
            kafkaConsumer.commitSync(offsets(records));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.infof("offsets of a stored batch not committed (%s); its bars will be read again and skipped", e.getMessage());
        }
    }

    private List<ClosedBar> bars(ConsumerRecords<String, byte[]> records) {
        List<ClosedBar> bars = new ArrayList<>(records.count());
        Instant now = clock.instant();
        for (ConsumerRecord<String, byte[]> record : records) {
            ClosedBar bar;
            try {
                bar = decode(record.value());
            } catch (EventValidationException | IndexOutOfBoundsException e) {
                stats.unreadable.increment();
                LOG.warnf("not a readable bar, left out of the history: %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                continue;
            }
            if (bar == null) {
                continue;
            }
            if (partitions.expired(CandleStore.tableOf(bar.intervalSeconds()), Instant.ofEpochSecond(bar.windowStartSeconds()), now)) {
                stats.expired.increment();
                continue;
            }
            bars.add(bar);
        }
        return bars;
    }

    /** The bar of a record; null for a record that is not a 1 s or 1 min bar. */
    private ClosedBar decode(byte[] value) {
        if (value == null || reader.wrap(value) != MarketType.OHLCV_BAR) {
            return null;
        }
        OhlcvBarDecoder bar = reader.ohlcvBar();
        int interval = bar.intervalSeconds();
        if (interval != 1 && interval != 60) {
            return null;
        }
        return new ClosedBar(reader.symbol(), interval, bar.windowStart(), bar.open(), bar.high(), bar.low(), bar.close(),
                bar.volume(), bar.vwap(), bar.tradeCount(), reader.eventId());
    }

    private void storeUntilDone(List<ClosedBar> bars) {
        Duration backoff = config.retryBackoff();
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                CandleStore.Outcome outcome = store.write(connection, bars);
                stats.written.add(outcome.written());
                stats.duplicates.add(outcome.duplicates());
                return;
            } catch (SQLException e) {
                stats.failedBatches.increment();
                LOG.warnf("PostgreSQL refused a batch of %d bars, trying again in %s: %s", bars.size(), backoff, e.getMessage());
                backoff = sleepAndDouble(backoff);
            }
        }
        throw new WakeupException(); // stopping: the batch is not committed and is read again after the restart
    }

    /**
     * Creates or updates the tables (Flyway) here rather than at start, so the topology starts and runs whether or not
     * PostgreSQL answers; tries again with back-off until it does. False when stopped meanwhile.
     */
    private boolean migrateUntilDone() {
        Duration backoff = config.retryBackoff();
        while (running) {
            try {
                flyway.migrate();
                return true;
            } catch (RuntimeException e) {
                stats.failedBatches.increment();
                LOG.warnf("cannot migrate the bar history schema, trying again in %s: %s", backoff, e.getMessage());
                backoff = sleepAndDouble(backoff);
            }
        }
        return false;
    }

    private void maintainWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(maintainedAt.plus(MAINTENANCE_EVERY))) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            List<String> dropped = partitions.maintain(connection, now);
            audits.deleteBefore(connection, now.minus(AUDIT_RETENTION));
            if (!dropped.isEmpty()) {
                LOG.infof("dropped bar partitions past their retention: %s", dropped);
            }
            maintainedAt = now;
        } catch (SQLException e) {
            LOG.warnf("bar partition maintenance failed, trying again with the next poll: %s", e.getMessage());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> of = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(KafkaClientSettings.consumer(kafka, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, config.groupId(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch())),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Waits {@code backoff}; returns the next wait: twice as long, at most {@link #MAX_BACKOFF}. */
    private static Duration sleepAndDouble(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }
}
