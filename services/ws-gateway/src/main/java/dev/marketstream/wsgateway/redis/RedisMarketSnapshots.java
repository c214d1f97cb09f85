package dev.marketstream.wsgateway.redis;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.domain.Batcher;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.messaging.MarketDecoder;
import dev.marketstream.wsgateway.protocol.DataType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Known symbols ({@code ms:symbols}) and latest values ({@code ms:snapshot:*} hashes) as the pipeline writes them; a
 * snapshot value is the binary record exactly as on its topic (for order books: the latest SNAPSHOT record). A
 * subscribe asks for its symbols with one {@code SMISMEMBER} and their values with one {@code HMGET} per data type;
 * beyond that, the calls of all connections are batched ({@link Batcher}): the symbols and fields asked within a few
 * milliseconds go as one {@code SMISMEMBER} and one {@code HMGET} per hash, each asked once however many clients want
 * it, so a connect storm of 10,000 clients on 500 symbols costs a few hundred round trips, not 20,000.
 */
public final class RedisMarketSnapshots implements Ports.MarketSnapshots {

    /** The candle intervals the pipeline keeps snapshots of ({@code SYMBOL:1s}, {@code SYMBOL:1m}). */
    static final List<String> CANDLE_INTERVALS = List.of("1s", "1m");

    private static final Logger LOG = Logger.getLogger(RedisMarketSnapshots.class);
    /** The answer for a field without a value (a batch answer cannot hold null). */
    private static final byte[] MISSING = new byte[0];

    /** One field of a snapshot hash. */
    private record Field(String key, String field) {
    }

    private final ReactiveRedisDataSource redis;
    private final GatewayStats stats;
    private final Batcher<String, String, Boolean> symbolChecks;
    private final Batcher<Field, Field, byte[]> reads;

    public RedisMarketSnapshots(ReactiveRedisDataSource redis, GatewayStats stats, Batcher.Limits batching, Batcher.Timer timer) {
        this.redis = redis;
        this.stats = stats;
        this.symbolChecks = new Batcher<>("known-symbol checks", batching, timer, this::checkSymbols);
        this.reads = new Batcher<>("snapshot reads", batching, timer, this::readFields);
    }

    /** The batches of {@link #unknownSymbols}, with their counters. */
    public Batcher<?, ?, ?> symbolChecks() {
        return symbolChecks;
    }

    /** The batches of {@link #latest}, with their counters. */
    public Batcher<?, ?, ?> reads() {
        return reads;
    }

    @Override
    public Uni<Set<String>> unknownSymbols(Collection<String> symbols) {
        List<String> list = List.copyOf(symbols);
        if (list.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Uni<Boolean>> checks = new ArrayList<>(list.size());
        list.forEach(symbol -> checks.add(symbolChecks.submit(symbol, symbol)));
        return Uni.join().all(checks).andFailFast().map(known -> {
            Set<String> unknown = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (!Boolean.TRUE.equals(known.get(i))) {
                    unknown.add(list.get(i));
                }
            }
            return unknown;
        });
    }

    private Uni<Map<String, Boolean>> checkSymbols(Map<String, String> batch) {
        List<String> symbols = List.copyOf(batch.keySet());
        return redis.set(String.class).smismember(RedisKeys.KNOWN_SYMBOLS, symbols.toArray(String[]::new)).map(known -> {
            Map<String, Boolean> answers = new HashMap<>();
            for (int i = 0; i < symbols.size(); i++) {
                answers.put(symbols.get(i), Boolean.TRUE.equals(known.get(i)));
            }
            return answers;
        });
    }

    @Override
    public Uni<List<MarketUpdate>> latest(DataType type, Collection<String> symbols) {
        String key = RedisKeys.snapshot(type.wireName());
        List<String> fields = new ArrayList<>();
        for (String symbol : symbols) {
            if (type == DataType.CANDLES) {
                CANDLE_INTERVALS.forEach(interval -> fields.add(symbol + ":" + interval));
            } else {
                fields.add(symbol);
            }
        }
        if (fields.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<byte[]>> values = new ArrayList<>(fields.size());
        fields.forEach(field -> {
            Field wanted = new Field(key, field);
            values.add(reads.submit(wanted, wanted));
        });
        return Uni.join().all(values).andFailFast().map(records -> {
            // Replies arrive on any event loop; a reader is cheap next to the round trip.
            MarketDecoder decoder = new MarketDecoder();
            List<MarketUpdate> updates = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                byte[] record = records.get(i);
                if (record != null && record.length > 0) {
                    MarketUpdate update = decode(decoder, key, fields.get(i), record, type);
                    if (update != null) {
                        updates.add(update);
                    }
                }
            }
            return updates;
        });
    }

    /** One batch of {@link #latest}: one {@code HMGET} per snapshot hash, run together. */
    private Uni<Map<Field, byte[]>> readFields(Map<Field, Field> batch) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        batch.keySet().forEach(field -> byKey.computeIfAbsent(field.key(), k -> new ArrayList<>()).add(field.field()));
        List<Uni<Map<Field, byte[]>>> perKey = new ArrayList<>(byKey.size());
        byKey.forEach((key, fields) -> perKey.add(redis.hash(byte[].class).hmget(key, fields.toArray(String[]::new)).map(values -> {
            Map<Field, byte[]> answers = new HashMap<>();
            fields.forEach(field -> {
                byte[] value = values.get(field);
                answers.put(new Field(key, field), value == null ? MISSING : value);
            });
            return answers;
        })));
        return Uni.join().all(perKey).andFailFast().map(parts -> {
            Map<Field, byte[]> answers = new HashMap<>();
            parts.forEach(answers::putAll);
            return answers;
        });
    }

    /** The snapshot as an update; null (logged, counted in the errors) when it is unreadable or not of its field. */
    private MarketUpdate decode(MarketDecoder decoder, String key, String field, byte[] record, DataType type) {
        String problem;
        try {
            MarketUpdate update = decoder.decode(record);
            if (update != null && update.stream().type() == type && field.equals(type == DataType.CANDLES
                    ? update.stream().symbol() + ":" + update.variant() : update.stream().symbol())) {
                return update;
            }
            problem = update == null ? "not a market stream record" : "a record of " + update.conflationKey();
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        stats.errors.increment();
        LOG.debugf("skipping unreadable snapshot %s %s: %s", key, field, problem);
        return null;
    }
}
