package dev.marketstream.gateway.messaging;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.gateway.domain.Ports;
import dev.marketstream.gateway.domain.UserEvent;
import dev.marketstream.gateway.domain.UserEventSequencer.Numbered;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the capped history streams the event-processor appends to ({@code seq} and {@code event} fields),
 * newest first until the client's last {@code seq}, and returns the missed entries oldest first.
 */
public final class RedisEventHistory implements Ports.EventHistory {

    private final ReactiveRedisDataSource redis;
    private final EventMapping mapping;

    public RedisEventHistory(ReactiveRedisDataSource redis, EventMapping mapping) {
        this.redis = redis;
        this.mapping = mapping;
    }

    @Override
    public Uni<List<Numbered<UserEvent>>> userEventsAfter(String userId, long seq, int max) {
        return after(RedisKeys.userHistory(userId), seq, max);
    }

    @Override
    public Uni<List<Numbered<UserEvent>>> broadcastsAfter(long seq, int max) {
        return after(RedisKeys.BROADCAST_HISTORY, seq, max);
    }

    private Uni<List<Numbered<UserEvent>>> after(String key, long seq, int max) {
        return redis.stream(String.class).xrevrange(key, StreamRange.of("+", "-"), max).map(entries -> {
            List<Numbered<UserEvent>> missed = new ArrayList<>();
            for (StreamMessage<String, String, String> entry : entries) {
                long entrySeq = Long.parseLong(entry.payload().getOrDefault("seq", "-1"));
                if (entrySeq <= seq) {
                    break;
                }
                try {
                    mapping.user(mapping.codec().decode(entry.payload().get("event").getBytes(StandardCharsets.UTF_8)))
                            .ifPresent(event -> missed.add(new Numbered<>(entrySeq, event)));
                } catch (RuntimeException e) {
                    // an entry the gateway cannot read is skipped; its seq stays a visible gap
                }
            }
            Collections.reverse(missed);
            return missed;
        });
    }
}
