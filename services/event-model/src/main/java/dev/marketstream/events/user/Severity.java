package dev.marketstream.events.user;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How urgent an alert or notification is. */
public enum Severity {
    @JsonProperty("info") INFO,
    @JsonProperty("warning") WARNING,
    @JsonProperty("critical") CRITICAL
}
