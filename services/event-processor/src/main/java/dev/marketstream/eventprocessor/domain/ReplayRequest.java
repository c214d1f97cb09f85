package dev.marketstream.eventprocessor.domain;

import java.time.Instant;

/**
 * Replay the events a topic received in {@code [from, to)} to a target: another topic (records copied
 * unchanged) or one user's stream (delivered again with new seqs).
 */
public record ReplayRequest(String topic, Instant from, Instant to, Target target) {

    /** Where replayed events go: exactly one of {@code topic} and {@code userId} is set. */
    public record Target(String topic, String userId) {

        public static Target topic(String topic) {
            return new Target(topic, null);
        }

        public static Target user(String userId) {
            return new Target(null, userId);
        }

        public boolean isUser() {
            return userId != null;
        }
    }
}
