package dev.marketstream.streamprocessor.config;

import dev.marketstream.streamprocessor.messaging.DeadLetterExceptionHandler;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Kafka Streams instantiates by name from its configuration (kafka-streams.*.exception.handler), kept for the
 * native image.
 */
@RegisterForReflection(targets = DeadLetterExceptionHandler.class)
final class NativeReflection {

    private NativeReflection() {
    }
}
