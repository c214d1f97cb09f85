package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import dev.marketstream.eventprocessor.redis.QueuedEvent;
import dev.marketstream.eventprocessor.redis.UserEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** The dead-letter stream: listing its entries and re-driving fixed ones back onto the user-event stream. */
@ApplicationScoped
public class StreamDeadLetters {

    private static final Logger LOG = Logger.getLogger(StreamDeadLetters.class);

    private final UserEventStore store;
    private final EventProcessorConfig.Stream config;

    public StreamDeadLetters(UserEventStore store, EventProcessorConfig config) {
        this.store = store;
        this.config = config.stream();
    }

    /** What a re-drive did: the new stream entry of each dead letter moved, and the ids not found. */
    public record Redriven(List<String> entryIds, List<String> missing) {
    }

    /** The oldest dead letters, up to {@code limit}. */
    public List<QueuedEvent> list(int limit) {
        return store.range(config.deadLetterKey(), "-", "+", limit);
    }

    /** Re-drives the given dead letters; each becomes a new entry behind the undelivered events of its key. */
    public Redriven redrive(List<String> deadLetterIds) {
        List<String> moved = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : deadLetterIds) {
            List<QueuedEvent> found = store.range(config.deadLetterKey(), id, id, 1);
            String entryId = found.isEmpty() ? null : store.redrive(config.deadLetterKey(), config.key(), found.get(0));
            if (entryId == null) {
                missing.add(id);
            } else {
                moved.add(entryId);
                LOG.infof("re-drove dead letter %s (event %s) as %s", id, found.get(0).eventId().orElse("?"), entryId);
            }
        }
        return new Redriven(moved, missing);
    }
}
