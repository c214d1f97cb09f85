package dev.marketstream.wsgateway.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.SessionState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Session state as JSON under {@code ms:session:{id}} with a TTL, so a client can resume on any pod. */
public final class RedisSessionStore implements Ports.SessionStore {

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;

    public RedisSessionStore(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    @Override
    public Uni<Void> save(String sessionId, SessionState state, Duration ttl) {
        try {
            return redis.value(String.class).setex(RedisKeys.session(sessionId), Math.max(1, ttl.toSeconds()), mapper.writeValueAsString(state));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
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
