package dev.marketstream.marketingest.config;

import dev.marketstream.marketingest.domain.BatchParser;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one batch parser every adapter shares, configured from {@link IngestConfig}. */
public class ParserProducer {

    @Produces
    @Singleton
    BatchParser batchParser(IngestConfig config) {
        return new BatchParser(config.maxBatchBytes(), config.maxBatchItems(), config.maxClockSkew(), Clock.systemUTC());
    }
}
