package dev.marketstream.gateway.messaging;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.gateway.domain.MarketUpdate;
import dev.marketstream.gateway.domain.Ports;
import dev.marketstream.gateway.protocol.DataType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Known symbols ({@code ms:symbols}) and latest values ({@code ms:snapshot:*} hashes) as the pipeline writes them. */
public final class RedisMarketSnapshots implements Ports.MarketSnapshots {

    /** The candle intervals the pipeline keeps snapshots of ({@code SYMBOL:1s}, {@code SYMBOL:1m}). */
    static final List<String> CANDLE_INTERVALS = List.of("1s", "1m");

    private final ReactiveRedisDataSource redis;
    private final EventMapping mapping;

    public RedisMarketSnapshots(ReactiveRedisDataSource redis, EventMapping mapping) {
        this.redis = redis;
        this.mapping = mapping;
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
        return redis.hash(String.class).hmget(RedisKeys.snapshot(type.wireName()), fields.toArray(String[]::new)).map(values -> {
            List<MarketUpdate> updates = new ArrayList<>();
            for (String field : fields) {
                String json = values.get(field);
                if (json != null) {
                    decode(json).ifPresent(updates::add);
                }
            }
            return updates;
        });
    }

    private java.util.Optional<MarketUpdate> decode(String json) {
        try {
            return mapping.market(mapping.codec().decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
