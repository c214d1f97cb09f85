package dev.marketstream.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Writes server frames: {@code {"event", "stream", "seq", "request_id"?, "snapshot"?, "data"}}. Market
 * frames are written once per record and shared by every subscriber, so they are concatenated from the
 * already-encoded payload instead of going through a tree. Thread-safe.
 */
public final class ServerFrames {

    /** Stream name of acknowledgements, pongs, errors and session events; its {@code seq} is per connection. */
    public static final String CONTROL_STREAM = "control";
    /** Stream name of the user's own events; its {@code seq} is the per-user number given by the event-processor. */
    public static final String USER_STREAM = "user";
    /** Stream name of broadcast notifications; its {@code seq} is the platform-wide broadcast number. */
    public static final String BROADCAST_STREAM = "broadcast";

    private final ObjectMapper mapper;

    public ServerFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A market frame; {@code stream} and the payload are trusted (symbols are restricted to JSON-safe characters). */
    public static String market(ServerEvent event, String stream, long seq, boolean snapshot, String dataJson) {
        StringBuilder frame = new StringBuilder(dataJson.length() + 96)
                .append("{\"event\":\"").append(event.wireName())
                .append("\",\"stream\":\"").append(stream)
                .append("\",\"seq\":").append(seq);
        if (snapshot) {
            frame.append(",\"snapshot\":true");
        }
        return frame.append(",\"data\":").append(dataJson).append('}').toString();
    }

    public String event(ServerEvent event, String stream, long seq, String requestId, JsonNode data) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("event", event.wireName());
        frame.put("stream", stream);
        frame.put("seq", seq);
        if (requestId != null) {
            frame.put("request_id", requestId);
        }
        frame.set("data", data == null ? mapper.createObjectNode() : data);
        return write(frame);
    }

    public String error(long seq, ProtocolException problem) {
        ObjectNode data = mapper.createObjectNode();
        data.put("code", problem.code().wireName());
        data.put("message", problem.field() == null ? problem.getMessage() : problem.field() + ": " + problem.getMessage());
        data.put("field", problem.field());
        data.put("ref", problem.requestId());
        return event(ServerEvent.ERROR, CONTROL_STREAM, seq, problem.requestId(), data);
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
