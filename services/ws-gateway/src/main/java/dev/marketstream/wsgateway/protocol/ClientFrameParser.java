package dev.marketstream.wsgateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a client text frame into a {@link ClientFrame}, or a {@link ProtocolException} that names the
 * problem: not JSON, too large, unknown event, a field of the wrong type or value. Thread-safe.
 */
public final class ClientFrameParser {

    private static final Set<String> TOP_LEVEL = Set.of("event", "request_id", "data");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ObjectMapper mapper;
    private final int maxFrameBytes;

    public ClientFrameParser(ObjectMapper strictMapper, int maxFrameBytes) {
        this.mapper = strictMapper;
        this.maxFrameBytes = maxFrameBytes;
    }

    public ClientFrame parse(String text) {
        int size = text.length() * 3 <= maxFrameBytes ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxFrameBytes) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "$",
                    "frame of " + size + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
        }
        JsonNode root = readTree(text);
        String requestId = requestId(root);
        try {
            ClientEvent event = event(root);
            JsonNode data = root.get("data");
            if (data == null || data.isNull()) {
                data = JsonNodeFactory.instance.objectNode();
            } else if (!data.isObject()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "data", "must be a JSON object");
            }
            return new ClientFrame(event, requestId, request(data, event));
        } catch (ProtocolException e) {
            throw e.withRequestId(requestId);
        }
    }

    private JsonNode readTree(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "$", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "$", "a frame must be a JSON object {\"event\": ..., \"data\": {...}}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, name, "is not a frame field; frames have event, request_id and data");
            }
        }
        return root;
    }

    private static String requestId(JsonNode root) {
        JsonNode id = root.get("request_id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || !REQUEST_ID.matcher(id.textValue()).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "request_id", "must be a string of 1-64 letters, digits . _ : -");
        }
        return id.textValue();
    }

    private static ClientEvent event(JsonNode root) {
        JsonNode event = root.get("event");
        if (event == null || event.isNull()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "event", "is required");
        }
        if (!event.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "event", "must be a string");
        }
        return ClientEvent.fromWireName(event.textValue()).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_EVENT, "event",
                "'" + abbreviate(event.textValue()) + "' is not a client event; known events are " + ClientEvent.wireNames()));
    }

    /** Reads the {@code data} of an event on its own (for stored subscriptions); errors name fields under {@code data}. */
    public ClientRequest request(JsonNode data, ClientEvent event) {
        try {
            return mapper.treeToValue(data, event.requestType());
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ProtocolException protocol) {
                throw protocol;
            }
            throw new ProtocolException(ErrorCode.INVALID_FIELD, path(e), reason(e));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "data", e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("data");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return "is not a field of this event";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "has the wrong type: expected " + typeName(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
