package dev.marketstream.marketingest.messaging;

import dev.marketstream.marketingest.domain.IngestReport;
import io.smallrye.mutiny.Uni;

/** Takes one pushed provider document; what the provider endpoints depend on. */
@FunctionalInterface
public interface DocumentIngest {

    /** Publishes the document's valid ticks and dead-letters the rest; fails with IngestUnavailableException when nothing was taken. */
    Uni<IngestReport> ingest(String provider, byte[] document);
}
