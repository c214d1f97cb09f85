package dev.marketstream.wsgateway.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes server frames: {@code {"event", "stream", "seq", "request_id"?, "snapshot"?, "trace_id"?, "data"}}. Market
 * frames are written once per record and shared by every subscriber, so they are concatenated from the
 * already-encoded payload instead of going through a tree; control frames carry a {@link ControlData} record.
 * Thread-safe.
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
        return market(event, stream, seq, snapshot, null, dataJson);
    }

    /** A live market frame of a record sampled for tracing: {@code traceId} (32 hex characters) is its W3C trace id. */
    public static String market(ServerEvent event, String stream, long seq, boolean snapshot, String traceId, String dataJson) {
        StringBuilder frame = new StringBuilder(dataJson.length() + 96)
                .append("{\"event\":\"").append(event.wireName())
                .append("\",\"stream\":\"").append(stream)
                .append("\",\"seq\":").append(seq);
        if (snapshot) {
            frame.append(",\"snapshot\":true");
        }
        if (traceId != null) {
            frame.append(",\"trace_id\":\"").append(traceId).append('"');
        }
        return frame.append(",\"data\":").append(dataJson).append('}').toString();
    }

    /** A control frame ({@link #CONTROL_STREAM}) whose {@code data} is already written ({@link #json}). */
    public String control(ServerEvent event, long seq, String requestId, String dataJson) {
        StringWriter frame = new StringWriter(dataJson.length() + 96);
        try (JsonGenerator json = mapper.createGenerator(frame)) {
            json.writeStartObject();
            json.writeStringField("event", event.wireName());
            json.writeStringField("stream", CONTROL_STREAM);
            json.writeNumberField("seq", seq);
            if (requestId != null) {
                json.writeStringField("request_id", requestId);
            }
            json.writeFieldName("data");
            json.writeRawValue(dataJson);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frame.toString();
    }

    public String error(long seq, ProtocolException problem) {
        return control(ServerEvent.ERROR, seq, problem.requestId(), json(ControlData.Problem.of(problem)));
    }

    /** The JSON of a control frame's {@code data}. */
    public String json(ControlData data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
