package dev.marketstream.marketingest.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.PriceLevel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a provider document (one bare tick object, or a JSON array of them) into valid ticks and
 * per-item errors. A document that is not JSON at all, is too large or holds too many items is refused
 * whole with an {@link EventValidationException}; otherwise each item stands or falls alone.
 */
public final class BatchParser {

    /** Longest venue code a tick may name; the binary records hold at most 254 bytes. */
    static final int MAX_EXCHANGE = 64;
    /** The earliest time the binary records hold (nanoseconds since the epoch in an int64). */
    private static final Instant EARLIEST = Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000_000L + 1);

    private final EventCodec codec;
    private final int maxItems;
    private final Duration maxClockSkew;
    private final Clock clock;

    public BatchParser(int maxBytes, int maxItems, Duration maxClockSkew, Clock clock) {
        this.codec = new EventCodec(maxBytes);
        this.maxItems = maxItems;
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    public ParsedBatch parse(byte[] document) {
        JsonNode root = codec.readTree(document);
        if (root.isObject()) {
            return collect(List.of(root), false);
        }
        if (!root.isArray()) {
            throw EventValidationException.invalid("$", "must be a tick object or an array of ticks but was "
                    + root.getNodeType().name().toLowerCase());
        }
        if (root.isEmpty()) {
            throw EventValidationException.invalid("$", "the batch holds no ticks");
        }
        if (root.size() > maxItems) {
            throw EventValidationException.invalid("$", "the batch holds " + root.size() + " ticks; at most " + maxItems
                    + " are allowed per request");
        }
        List<JsonNode> items = new ArrayList<>(root.size());
        root.forEach(items::add);
        return collect(items, true);
    }

    public ParsedBatch parse(String document) {
        return parse(document.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks one already-parsed item; used by the replay adapter for NDJSON lines. */
    public MarketTick tick(JsonNode item) {
        return checked(codec.payloadFromTree(item, MarketTick.class));
    }

    /**
     * The checks a tick passes beyond its own constructor's: not stamped later than now plus the allowed clock skew
     * (Kafka and the windows would misplace it), and fitting the binary records: every price and quantity with at
     * most 8 decimals, a time after 1677 (nanoseconds since the epoch in an int64) and a venue of at most
     * {@value #MAX_EXCHANGE} characters. A failure names the field.
     */
    public MarketTick checked(MarketTick tick) {
        Instant latest = clock.instant().plus(maxClockSkew);
        if (tick.timestamp().isAfter(latest)) {
            throw EventValidationException.invalid("timestamp", tick.timestamp() + " is more than "
                    + maxClockSkew.toSeconds() + " s in the future");
        }
        if (tick.timestamp().isBefore(EARLIEST)) {
            throw EventValidationException.invalid("timestamp", tick.timestamp() + " is before " + EARLIEST);
        }
        Decimals.of(tick.price(), "price");
        Decimals.of(tick.volume(), "volume");
        checkLevels(tick.bids(), "bids");
        checkLevels(tick.asks(), "asks");
        if (tick.exchange() != null && tick.exchange().length() > MAX_EXCHANGE) {
            throw EventValidationException.invalid("exchange", "must be at most " + MAX_EXCHANGE + " characters but has "
                    + tick.exchange().length());
        }
        return tick;
    }

    private static void checkLevels(List<PriceLevel> levels, String side) {
        for (int i = 0; i < levels.size(); i++) {
            Decimals.of(levels.get(i).price(), side + "[" + i + "].price");
            Decimals.of(levels.get(i).size(), side + "[" + i + "].size");
        }
    }

    private ParsedBatch collect(List<JsonNode> items, boolean indexed) {
        List<MarketTick> valid = new ArrayList<>(items.size());
        List<ParsedBatch.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            try {
                valid.add(tick(item));
            } catch (EventValidationException e) {
                EventValidationException located = indexed ? e.under("[" + i + "]") : e;
                rejected.add(new ParsedBatch.Rejected(raw(item), ItemError.of(indexed ? i : 0, located), located));
            }
        }
        return new ParsedBatch(valid, rejected);
    }

    private byte[] raw(JsonNode item) {
        try {
            return codec.mapper().writeValueAsBytes(item);
        } catch (JsonProcessingException e) {
            return item.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
