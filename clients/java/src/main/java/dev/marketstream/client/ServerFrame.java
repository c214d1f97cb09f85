package dev.marketstream.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame of the gateway: its event, the stream and that stream's {@code seq}, and the event's {@code data} as JSON
 * (field names as in docs/protocol.md, e.g. {@code data.get("price").decimalValue()}).
 */
public record ServerFrame(String event, String stream, long seq, boolean snapshot, String requestId, JsonNode data) {

    static ServerFrame of(JsonNode frame) {
        return new ServerFrame(frame.path("event").asText(), frame.path("stream").asText(), frame.path("seq").asLong(),
                frame.path("snapshot").asBoolean(false), frame.hasNonNull("request_id") ? frame.get("request_id").asText() : null,
                frame.path("data"));
    }

    /** The symbol of a market frame. */
    public String symbol() {
        return data.path("symbol").asText();
    }
}
