package dev.marketstream.eventprocessor.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.domain.ReplayReport;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Replay job reports in Redis (JSON, with a TTL), so any pod answers {@code GET /replay/{id}}. */
@ApplicationScoped
public class ReplayJobStore {

    private final ValueCommands<String, String> values;
    private final ObjectMapper mapper;
    private final EventProcessorConfig config;

    public ReplayJobStore(RedisDataSource redis, ObjectMapper mapper, EventProcessorConfig config) {
        this.values = redis.value(String.class, String.class);
        this.mapper = mapper;
        this.config = config;
    }

    public void save(ReplayReport report) {
        try {
            values.set(StreamKeys.replayJob(report.jobId()), mapper.writeValueAsString(report),
                    new SetArgs().ex(config.replay().jobRetention()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<ReplayReport> find(String jobId) {
        String json = values.get(StreamKeys.replayJob(jobId));
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(json, ReplayReport.class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
