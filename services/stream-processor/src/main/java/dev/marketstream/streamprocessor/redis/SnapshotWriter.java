package dev.marketstream.streamprocessor.redis;

import dev.marketstream.events.binary.Intervals;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.sbe.BookKind;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the Redis market snapshots the gateway serves on subscribe: for each output topic, the latest binary
 * record per symbol in {@code ms:snapshot:<type>} (candles per {@code SYMBOL:interval}; order books: the latest
 * full snapshot, never a delta), exactly the bytes on the topic, and every symbol seen in {@code ms:symbols}.
 * Consumes committed output in batches and writes each batch as one HSET per hash with only the newest value
 * per field, so Redis load follows the number of symbols, not the tick rate. Snapshots are idempotent: re-reading
 * a batch after a restart only rewrites the same or newer values — which is also why a write Redis refuses (a restart,
 * a failover) is retried with back-off until it goes through, instead of failing the channel: a failed channel would
 * stop the snapshots for good and take readiness and liveness down with it.
 */
@ApplicationScoped
public class SnapshotWriter {

    private static final Logger LOG = Logger.getLogger(SnapshotWriter.class);

    private final ReactiveHashCommands<String, String, byte[]> hashes;
    private final ReactiveSetCommands<String, String> sets;
    private final Set<String> knownSymbols = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public SnapshotWriter(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class, String.class, byte[].class);
        this.sets = redis.set(String.class, String.class);
    }

    /** Stops retrying, so shutdown is not kept waiting for Redis (the batch stays uncommitted and is read again). */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming(Topics.MARKET_PRICES)
    public Uni<Void> prices(ConsumerRecords<String, byte[]> records) {
        return write("price", records, (record, reader) -> record.key());
    }

    @Incoming(Topics.MARKET_VOLUME)
    public Uni<Void> volume(ConsumerRecords<String, byte[]> records) {
        return write("volume", records, (record, reader) -> record.key());
    }

    /** Only full snapshots: a delta alone is no book (the processor sends a snapshot at least every second). */
    @Incoming(Topics.MARKET_ORDERBOOK)
    public Uni<Void> orderBooks(ConsumerRecords<String, byte[]> records) {
        return write("orderbook", records, (record, reader) -> reader.wrap(record.value()) == MarketType.BOOK_UPDATE
                && reader.bookUpdate().kind() == BookKind.SNAPSHOT ? record.key() : null);
    }

    @Incoming(Topics.MARKET_DATA_AGGREGATED)
    public Uni<Void> candles(ConsumerRecords<String, byte[]> records) {
        return write("candles", records, (record, reader) -> reader.wrap(record.value()) == MarketType.OHLCV_BAR
                ? record.key() + ":" + Intervals.name(reader.ohlcvBar().intervalSeconds()) : null);
    }

    /** Reference data makes a symbol known before its first trade. */
    @Incoming(Topics.REFERENCE_DATA)
    public Uni<Void> reference(ConsumerRecords<String, byte[]> records) {
        Set<String> symbols = new LinkedHashSet<>();
        records.forEach(record -> {
            if (record.key() != null && record.value() != null) {
                symbols.add(record.key());
            }
        });
        return untilRedisTakes("reference", () -> remember(symbols));
    }

    /** The hash field a record goes to, or null to leave it out. */
    private interface Field {
        String of(ConsumerRecord<String, byte[]> record, MarketRecord reader);
    }

    private Uni<Void> write(String dataType, ConsumerRecords<String, byte[]> records, Field field) {
        MarketRecord reader = new MarketRecord();
        Map<String, byte[]> newest = new HashMap<>();
        Set<String> symbols = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null || record.value() == null) {
                continue;
            }
            String name;
            try {
                name = field.of(record, reader);
            } catch (EventValidationException e) {
                LOG.warnf("left out of the %s snapshot: %s-%d@%d: %s", dataType, record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                continue;
            }
            if (name != null) {
                newest.put(name, record.value());
                symbols.add(record.key());
            }
        }
        if (newest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return untilRedisTakes(dataType, () -> hashes.hset(RedisKeys.snapshot(dataType), newest).replaceWithVoid()
                .chain(() -> remember(symbols)));
    }

    /** Runs {@code write} again, 200 ms to 5 s apart, until Redis takes it or the service stops. */
    private Uni<Void> untilRedisTakes(String dataType, Supplier<Uni<Void>> write) {
        return Uni.createFrom().deferred(() -> write.get())
                .onFailure().invoke(e -> LOG.warnf("cannot write the %s snapshot to Redis, retrying: %s", dataType, e.toString()))
                .onFailure(e -> !stopping).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }

    private Uni<Void> remember(Set<String> symbols) {
        List<String> fresh = new ArrayList<>();
        for (String symbol : symbols) {
            if (!knownSymbols.contains(symbol)) {
                fresh.add(symbol);
            }
        }
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sets.sadd(RedisKeys.KNOWN_SYMBOLS, fresh.toArray(String[]::new))
                .invoke(() -> knownSymbols.addAll(fresh))
                .replaceWithVoid();
    }
}
