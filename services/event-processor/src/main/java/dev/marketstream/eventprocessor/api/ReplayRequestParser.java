package dev.marketstream.eventprocessor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.eventprocessor.domain.ReplayRequest;
import dev.marketstream.events.kafka.TopicCatalog;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.platform.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a replay request body, field by field, so every refusal names the field:
 * <pre>{"topic": "user-events", "from": "2026-11-26T00:00:00Z", "to": "2026-11-27T00:00:00Z",
 *  "target": {"topic": "user-events.replay-1"} | {"user_id": "user-7"}}</pre>
 */
final class ReplayRequestParser {

    private static final Set<String> FIELDS = Set.of("topic", "from", "to", "target");
    private static final Set<String> TARGET_FIELDS = Set.of("topic", "user_id");
    private static final Set<String> CATALOG = TopicCatalog.all().stream().map(TopicCatalog.TopicSpec::name)
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> USER_TOPICS = Set.of(Topics.USER_EVENTS, Topics.TRADING_ALERTS, Topics.SYSTEM_NOTIFICATIONS);
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private ReplayRequestParser() {
    }

    static ReplayRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("$", "the body must be a JSON object");
        }
        rejectUnknown(body, FIELDS, "");
        String topic = text(body, "topic");
        if (!CATALOG.contains(topic)) {
            throw ProblemException.invalid("topic", "'" + topic + "' is not a platform topic; known topics are "
                    + CATALOG.stream().sorted().collect(Collectors.joining(", ")));
        }
        Instant from = instant(body, "from");
        Instant to = instant(body, "to");
        if (!from.isBefore(to)) {
            throw ProblemException.invalid("to", "must be after from (" + from + ")");
        }
        JsonNode target = body.get("target");
        if (target == null || target.isNull()) {
            throw ProblemException.invalid("target", "is required: {\"topic\": ...} or {\"user_id\": ...}");
        }
        if (!target.isObject()) {
            throw ProblemException.invalid("target", "must be an object: {\"topic\": ...} or {\"user_id\": ...}");
        }
        rejectUnknown(target, TARGET_FIELDS, "target.");
        boolean toTopic = target.has("topic");
        if (toTopic == target.has("user_id")) {
            throw ProblemException.invalid("target", "must name exactly one of topic and user_id");
        }
        if (toTopic) {
            String targetTopic = text(target, "topic", "target.topic");
            if (!TOPIC_NAME.matcher(targetTopic).matches()) {
                throw ProblemException.invalid("target.topic", "must be 1 to 249 letters, digits, '.', '_' or '-'");
            }
            if (CATALOG.contains(targetTopic)) {
                throw ProblemException.invalid("target.topic", "'" + targetTopic
                        + "' is a platform topic; replay into a new topic, which is created if missing");
            }
            return new ReplayRequest(topic, from, to, ReplayRequest.Target.topic(targetTopic));
        }
        String user = text(target, "user_id", "target.user_id");
        if (!USER_ID.matcher(user).matches()) {
            throw ProblemException.invalid("target.user_id", "must be 1 to 128 letters, digits or . _ : @ -");
        }
        if (!USER_TOPICS.contains(topic)) {
            throw ProblemException.invalid("topic", "only " + String.join(", ", USER_TOPICS.stream().sorted().toList())
                    + " can be replayed into a user's stream");
        }
        return new ReplayRequest(topic, from, to, ReplayRequest.Target.user(user));
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ProblemException.invalid(prefix + name, "is not a known field; known fields are "
                        + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
    }

    private static String text(JsonNode node, String name) {
        return text(node, name, name);
    }

    private static String text(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw ProblemException.invalid(path, "is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw ProblemException.invalid(path, "must be a non-empty string");
        }
        return value.textValue();
    }

    private static Instant instant(JsonNode node, String name) {
        String text = text(node, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an ISO-8601 instant such as 2026-11-26T14:30:00Z, not '" + text + "'");
        }
    }
}
