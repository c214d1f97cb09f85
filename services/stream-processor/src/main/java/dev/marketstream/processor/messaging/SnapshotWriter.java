package dev.marketstream.processor.messaging;

import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the Redis market snapshots the gateway serves on subscribe: for each output topic, the latest
 * encoded envelope per symbol in {@code ms:snapshot:<type>} (candles per {@code SYMBOL:interval}),
 * and every symbol seen in {@code ms:symbols}. Consumes committed output in batches and writes each
 * batch as one HSET per hash with only the newest value per field, so Redis load follows the number
 * of symbols, not the tick rate. Snapshots are idempotent: re-reading a batch after a restart only
 * rewrites the same or newer values.
 */
@ApplicationScoped
public class SnapshotWriter {

    private static final EventCodec CODEC = new EventCodec();
    private static final Logger LOG = Logger.getLogger(SnapshotWriter.class);

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveSetCommands<String, String> sets;
    private final Set<String> knownSymbols = ConcurrentHashMap.newKeySet();

    public SnapshotWriter(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.sets = redis.set(String.class, String.class);
    }

    @Incoming(Topics.MARKET_PRICES)
    public Uni<Void> prices(ConsumerRecords<String, byte[]> records) {
        return write("price", records, ConsumerRecord::key);
    }

    @Incoming(Topics.MARKET_VOLUME)
    public Uni<Void> volume(ConsumerRecords<String, byte[]> records) {
        return write("volume", records, ConsumerRecord::key);
    }

    @Incoming(Topics.MARKET_ORDERBOOK)
    public Uni<Void> orderBooks(ConsumerRecords<String, byte[]> records) {
        return write("orderbook", records, ConsumerRecord::key);
    }

    @Incoming(Topics.MARKET_DATA_AGGREGATED)
    public Uni<Void> candles(ConsumerRecords<String, byte[]> records) {
        return write("candles", records, record -> {
            try {
                OhlcvBar bar = CODEC.decode(record.value(), OhlcvBar.class).data();
                return bar.symbol() + ":" + bar.interval();
            } catch (EventValidationException e) {
                LOG.warnf("not a bar, left out of the candle snapshot: %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return null;
            }
        });
    }

    /** Reference data makes a symbol known before its first tick. */
    @Incoming(Topics.REFERENCE_DATA)
    public Uni<Void> reference(ConsumerRecords<String, byte[]> records) {
        Set<String> symbols = new LinkedHashSet<>();
        records.forEach(record -> {
            if (record.key() != null && record.value() != null) {
                symbols.add(record.key());
            }
        });
        return remember(symbols);
    }

    private Uni<Void> write(String dataType, ConsumerRecords<String, byte[]> records,
            Function<ConsumerRecord<String, byte[]>, String> field) {
        Map<String, byte[]> newest = new HashMap<>();
        Set<String> symbols = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String name = record.key() == null || record.value() == null ? null : field.apply(record);
            if (name != null) {
                newest.put(name, record.value());
                symbols.add(record.key());
            }
        }
        if (newest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Only the newest value per field becomes a string: a batch holds many ticks of each symbol.
        Map<String, String> latest = new HashMap<>(newest.size() * 2);
        newest.forEach((name, value) -> latest.put(name, new String(value, StandardCharsets.UTF_8)));
        return hashes.hset(RedisKeys.snapshot(dataType), latest).replaceWithVoid()
                .chain(() -> remember(symbols));
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
