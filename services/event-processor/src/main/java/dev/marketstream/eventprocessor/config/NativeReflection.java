package dev.marketstream.eventprocessor.config;

import dev.marketstream.eventprocessor.domain.ReplayReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Jackson binds outside a REST endpoint (which Quarkus registers on its own), kept for the native image:
 * replay reports as stored in Redis. The event model's payloads are registered by its own jar
 * (META-INF/native-image/dev.marketstream/event-model/reflect-config.json).
 */
@RegisterForReflection(targets = ReplayReport.class)
final class NativeReflection {

    private NativeReflection() {
    }
}
