package dev.marketstream.wsgateway.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.SystemNotification;
import dev.marketstream.events.user.TradingAlert;
import dev.marketstream.wsgateway.domain.UserEvent;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns user-event envelopes (JSON, from Redis Pub/Sub deliveries and histories) into what the gateway sends. Market
 * records are binary and read by {@link MarketDecoder}.
 */
public final class EventMapping {

    private final EventCodec codec;

    public EventMapping(EventCodec codec) {
        this.codec = codec;
    }

    public EventCodec codec() {
        return codec;
    }

    /** A user-event envelope as the event sent to clients, with the envelope's id added to its data as {@code event_id}. */
    public Optional<UserEvent> user(EventEnvelope<?> envelope) {
        Object data = envelope.data();
        ObjectNode json = codec.mapper().valueToTree(data);
        json.put("event_id", envelope.eventId().toString());
        String text = json.toString();
        if (data instanceof PortfolioUpdate p) {
            return Optional.of(new UserEvent(ServerEvent.PORTFOLIO_UPDATE, text, p.portfolioId(), p.updateType().name().toLowerCase()));
        }
        if (data instanceof TradingAlert a) {
            return Optional.of(new UserEvent(ServerEvent.TRADING_ALERT, text, null, a.type()));
        }
        if (data instanceof SystemNotification) {
            return Optional.of(new UserEvent(ServerEvent.SYSTEM_NOTIFICATION, text, null, null));
        }
        return Optional.empty();
    }

    /**
     * A delivery message {@code {"seq": n, "traceparent"?: "00-…", "event": <envelope>}} (Pub/Sub), with its sequence
     * number and, for a traced event, the W3C {@code traceparent} of the event-processor's span.
     */
    public Delivery delivery(String message) {
        JsonNode root = codec.readTree(message);
        JsonNode seq = root.get("seq");
        JsonNode event = root.get("event");
        if (seq == null || !seq.canConvertToLong() || event == null || !event.isObject()) {
            throw new IllegalArgumentException("a delivery message needs a numeric seq and an event object");
        }
        JsonNode traceparent = root.get("traceparent");
        if (traceparent != null && TraceContext.fromTraceparent(traceparent.asText(null)) == null) {
            throw new IllegalArgumentException("a delivery message's traceparent must be a W3C traceparent: " + traceparent);
        }
        EventEnvelope<?> envelope = codec.envelopeFromTree(event);
        return new Delivery(seq.asLong(), user(envelope).orElseThrow(
                () -> new IllegalArgumentException("not a user event: " + event.path("eventType").asText())), envelope.timestamp(),
                traceparent == null ? null : traceparent.asText());
    }

    /**
     * A user event with its sequence number, the time it was published (the envelope's timestamp) and, when it is
     * traced, its {@code traceparent} (else null).
     */
    public record Delivery(long seq, UserEvent event, Instant published, String traceparent) {
    }
}
