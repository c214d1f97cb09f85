package dev.marketstream.marketingest.messaging;

import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.marketingest.domain.BatchParser;
import dev.marketstream.marketingest.domain.IngestReport;
import dev.marketstream.marketingest.domain.ItemError;
import dev.marketstream.marketingest.domain.ParsedBatch;
import dev.marketstream.marketingest.messaging.IngestUnavailableException;
import dev.marketstream.marketingest.messaging.TickPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * The adapter behind the provider endpoints (HTTP batch and WebSocket): parses a pushed document,
 * publishes its valid ticks and dead-letters the rest in one transaction, and reports per item.
 * A document that is not usable at all is dead-lettered whole (its first 256 KiB).
 */
@ApplicationScoped
public class ProviderIngest implements FeedAdapter, DocumentIngest {

    static final int MAX_DEAD_LETTER_BYTES = 256 * 1024;

    private final BatchParser parser;
    private final TickPublisher publisher;
    private volatile boolean accepting = true;

    public ProviderIngest(BatchParser parser, TickPublisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    @Override
    public String name() {
        return "provider";
    }

    /** Ingests one document pushed by {@code provider}; fails with {@link IngestUnavailableException} when nothing was taken. */
    @Override
    public Uni<IngestReport> ingest(String provider, byte[] document) {
        if (!accepting) {
            return Uni.createFrom().failure(new IngestUnavailableException("provider ingest is stopped", 30, null));
        }
        ParsedBatch batch;
        try {
            batch = parser.parse(document);
        } catch (EventValidationException e) {
            byte[] raw = document.length > MAX_DEAD_LETTER_BYTES ? Arrays.copyOf(document, MAX_DEAD_LETTER_BYTES) : document;
            batch = new ParsedBatch(List.of(), List.of(new ParsedBatch.Rejected(raw, ItemError.of(-1, e), e)));
        }
        ParsedBatch parsed = batch;
        return publisher.publish(provider, parsed).replaceWith(() -> new IngestReport(parsed.valid().size(), parsed.errors()));
    }

    @Override
    public void start() {
        accepting = true;
    }

    @Override
    public void stop() {
        accepting = false;
    }

    @Override
    public boolean running() {
        return accepting;
    }
}
