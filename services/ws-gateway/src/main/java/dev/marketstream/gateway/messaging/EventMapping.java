package dev.marketstream.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventType;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.VolumeUpdate;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.SystemNotification;
import dev.marketstream.events.user.TradingAlert;
import dev.marketstream.gateway.domain.MarketUpdate;
import dev.marketstream.gateway.domain.StreamKey;
import dev.marketstream.gateway.domain.UserEvent;
import dev.marketstream.gateway.protocol.DataType;
import dev.marketstream.gateway.protocol.ServerEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/** Turns platform envelopes (from Kafka records, Redis snapshots and user-event messages) into what the gateway sends. */
public final class EventMapping {

    private final EventCodec codec;

    public EventMapping(EventCodec codec) {
        this.codec = codec;
    }

    public EventCodec codec() {
        return codec;
    }

    /** A market envelope as an update; empty for any other event type. */
    public Optional<MarketUpdate> market(EventEnvelope<?> envelope) {
        Object data = envelope.data();
        String id = envelope.eventId().toString();
        if (data instanceof PriceUpdate p) {
            return Optional.of(update(p.symbol(), DataType.PRICE, "", id, p.timestamp(), envelope));
        }
        if (data instanceof VolumeUpdate v) {
            return Optional.of(update(v.symbol(), DataType.VOLUME, "", id, v.timestamp(), envelope));
        }
        if (data instanceof OrderBookUpdate b) {
            return Optional.of(update(b.symbol(), DataType.ORDERBOOK, "", id, b.timestamp(), envelope));
        }
        if (data instanceof OhlcvBar bar) {
            return Optional.of(update(bar.symbol(), DataType.CANDLES, bar.interval(), id, bar.windowEnd(), envelope));
        }
        return Optional.empty();
    }

    /**
     * A market record from Kafka, decoded for the feed's hot path (see DESIGN.md "Decoding"): one parse with the
     * codec's strict reader (size, syntax, duplicate keys), then only what fan-out routes by is checked (event type,
     * event id, symbol, market time, candle interval) and the payload is forwarded exactly as the pipeline wrote it.
     * Gives the same update as {@link #market(EventEnvelope)} of the fully decoded envelope, at about a third of
     * the cost; empty for non-market event types.
     *
     * @throws EventValidationException when the document or a routing field is invalid
     */
    public Optional<MarketUpdate> marketRecord(byte[] value) {
        JsonNode root = codec.readTree(value);
        DataType type = EventType.fromWireName(root.path("eventType").asText("")).map(eventType -> switch (eventType) {
            case PRICE_UPDATE -> DataType.PRICE;
            case VOLUME_UPDATE -> DataType.VOLUME;
            case ORDER_BOOK_UPDATE -> DataType.ORDERBOOK;
            case OHLCV_BAR -> DataType.CANDLES;
            default -> null;
        }).orElse(null);
        if (type == null) {
            return Optional.empty();
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw EventValidationException.invalid("data", "must be a JSON object");
        }
        String symbol = Check.marketSymbol(text(data, "symbol", "data.symbol"), "data.symbol");
        String id;
        Instant at;
        try {
            id = UUID.fromString(text(root, "eventId", "eventId")).toString();
            at = Instant.parse(text(data, type == DataType.CANDLES ? "window_end" : "timestamp", "data.timestamp"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw EventValidationException.invalid("eventId/data.timestamp", e.getMessage());
        }
        String variant = type == DataType.CANDLES ? text(data, "interval", "data.interval") : "";
        return Optional.of(new MarketUpdate(new StreamKey(symbol, type), variant, id, at, data.toString()));
    }

    private static String text(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw EventValidationException.invalid(field, "must be a string");
        }
        return value.textValue();
    }

    private MarketUpdate update(String symbol, DataType type, String variant, String id, Instant at, EventEnvelope<?> envelope) {
        return new MarketUpdate(new StreamKey(symbol, type), variant, id, at, codec.encodeToString(envelope.data()));
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

    /** A delivery message {@code {"seq": n, "event": <envelope>}} (Pub/Sub), with its sequence number. */
    public Delivery delivery(String message) {
        JsonNode root = codec.readTree(message);
        JsonNode seq = root.get("seq");
        JsonNode event = root.get("event");
        if (seq == null || !seq.canConvertToLong() || event == null || !event.isObject()) {
            throw new IllegalArgumentException("a delivery message needs a numeric seq and an event object");
        }
        return new Delivery(seq.asLong(), user(codec.envelopeFromTree(event)).orElseThrow(
                () -> new IllegalArgumentException("not a user event: " + event.path("eventType").asText())));
    }

    /** A user event with its sequence number. */
    public record Delivery(long seq, UserEvent event) {
    }
}
