package dev.marketstream.wsgateway.redis;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.UserEvent;
import dev.marketstream.wsgateway.domain.UserEventSequencer.Numbered;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads the capped history streams the event-processor appends to ({@code seq} and {@code event} fields),
 * newest first until the client's last {@code seq}, and returns the missed entries oldest first.
 */
public final class RedisEventHistory implements Ports.EventHistory {

    private static final Logger LOG = Logger.getLogger(RedisEventHistory.class);

    private final ReactiveRedisDataSource redis;
    private final EventMapping mapping;
    private final GatewayStats stats;

    public RedisEventHistory(ReactiveRedisDataSource redis, EventMapping mapping, GatewayStats stats) {
        this.redis = redis;
        this.mapping = mapping;
        this.stats = stats;
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
                    // skipped: its seq stays a visible gap to the client
                    stats.errors.increment();
                    LOG.warnf("skipping unreadable history entry %s seq %d of %s: %s", entry.id(), entrySeq, key, e.getMessage());
                }
            }
            Collections.reverse(missed);
            return missed;
        });
    }
}
