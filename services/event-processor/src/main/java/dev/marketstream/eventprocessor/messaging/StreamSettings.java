package dev.marketstream.eventprocessor.messaging;

import dev.marketstream.eventprocessor.config.EventProcessorConfig;
import java.time.Duration;

/**
 * What one stream consumer needs to know; taken from {@link EventProcessorConfig} in the application and
 * built directly by tests that run consumers on a stream of their own.
 */
public record StreamSettings(String stream, String deadLetterStream, String group, String consumer, int batchSize,
        int parallelism, Duration visibilityTimeout, int maxFailures, Duration retryDelay, Duration readBlock) {

    public static StreamSettings from(EventProcessorConfig.Stream config, String consumer) {
        return new StreamSettings(config.key(), config.deadLetterKey(), config.group(), consumer, config.batchSize(),
                config.concurrency(), config.visibilityTimeout(), config.maxFailures(), config.retryDelay(), config.readBlock());
    }
}
