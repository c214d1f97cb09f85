package dev.marketstream.wsgateway.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.domain.Batcher;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.SessionState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Session state as JSON under {@code ms:session:{id}} with a TTL, so a client can resume on any pod. Saves are
 * pipelined ({@link #saves}): the saves of a few milliseconds, up to a few hundred sessions, go to Redis as one batch
 * of {@code SETEX}, and a session saved twice before its batch goes is written once, with its newest state. When Redis
 * refuses any command of a batch the whole batch fails, so each save of it is reported failed (an over-count, never a
 * miss).
 */
public final class RedisSessionStore implements Ports.SessionStore {

    /** One session's newest state as it will be written. */
    private record Write(String json, long ttlSeconds) {
    }

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;
    private final Batcher<String, Write, Void> saves;

    public RedisSessionStore(ReactiveRedisDataSource redis, ObjectMapper mapper, Batcher.Limits batching, Batcher.Timer timer) {
        this.redis = redis;
        this.mapper = mapper;
        this.saves = new Batcher<>("session saves", batching, timer, this::write);
    }

    /** The batches of {@link #save}, with their counters; drained at shutdown. */
    public Batcher<?, ?, ?> saves() {
        return saves;
    }

    @Override
    public Uni<Void> save(String sessionId, SessionState state, Duration ttl) {
        String json;
        try {
            json = mapper.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return saves.submit(sessionId, new Write(json, Math.max(1, ttl.toSeconds())));
    }

    private Uni<Map<String, Void>> write(Map<String, Write> batch) {
        List<Request> requests = new ArrayList<>(batch.size());
        batch.forEach((sessionId, write) -> requests.add(Request.cmd(Command.SETEX).arg(RedisKeys.session(sessionId))
                .arg(write.ttlSeconds()).arg(write.json())));
        return redis.getRedis().batch(requests).replaceWith(Map.of());
    }

    @Override
    public Uni<SessionState> load(String sessionId) {
        return redis.value(String.class).get(RedisKeys.session(sessionId)).map(json -> {
            if (json == null) {
                return null;
            }
            try {
                return mapper.readValue(json, SessionState.class);
            } catch (JsonProcessingException e) {
                return null;
            }
        });
    }
}
