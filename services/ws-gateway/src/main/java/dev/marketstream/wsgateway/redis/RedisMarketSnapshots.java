package dev.marketstream.wsgateway.redis;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.messaging.MarketDecoder;
import dev.marketstream.wsgateway.protocol.DataType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Known symbols ({@code ms:symbols}) and latest values ({@code ms:snapshot:*} hashes) as the pipeline writes them; a
 * snapshot value is the binary record exactly as on its topic (for order books: the latest SNAPSHOT record).
 */
public final class RedisMarketSnapshots implements Ports.MarketSnapshots {

    /** The candle intervals the pipeline keeps snapshots of ({@code SYMBOL:1s}, {@code SYMBOL:1m}). */
    static final List<String> CANDLE_INTERVALS = List.of("1s", "1m");

    private static final Logger LOG = Logger.getLogger(RedisMarketSnapshots.class);

    private final ReactiveRedisDataSource redis;
    private final GatewayStats stats;

    public RedisMarketSnapshots(ReactiveRedisDataSource redis, GatewayStats stats) {
        this.redis = redis;
        this.stats = stats;
    }

    @Override
    public Uni<Set<String>> unknownSymbols(Collection<String> symbols) {
        List<String> list = List.copyOf(symbols);
        return redis.set(String.class).smismember(RedisKeys.KNOWN_SYMBOLS, list.toArray(String[]::new)).map(known -> {
            Set<String> unknown = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (!Boolean.TRUE.equals(known.get(i))) {
                    unknown.add(list.get(i));
                }
            }
            return unknown;
        });
    }

    @Override
    public Uni<List<MarketUpdate>> latest(DataType type, Collection<String> symbols) {
        List<String> fields = new ArrayList<>();
        for (String symbol : symbols) {
            if (type == DataType.CANDLES) {
                CANDLE_INTERVALS.forEach(interval -> fields.add(symbol + ":" + interval));
            } else {
                fields.add(symbol);
            }
        }
        String key = RedisKeys.snapshot(type.wireName());
        return redis.hash(byte[].class).hmget(key, fields.toArray(String[]::new)).map(values -> {
            // Replies arrive on any event loop; a reader is cheap next to the round trip.
            MarketDecoder decoder = new MarketDecoder();
            List<MarketUpdate> updates = new ArrayList<>();
            for (String field : fields) {
                byte[] record = values.get(field);
                if (record != null) {
                    MarketUpdate update = decode(decoder, key, field, record, type);
                    if (update != null) {
                        updates.add(update);
                    }
                }
            }
            return updates;
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
