package dev.marketstream.wsgateway.domain;

import java.util.UUID;

/**
 * One market record as the fan-out sees it.
 *
 * @param stream the symbol and data type
 * @param variant what distinguishes values that must not replace each other in conflation (the candle interval), or empty
 * @param eventId the envelope's id, to recognise a live record equal to a snapshot
 * @param timestampNanos the record's market time (ns since the epoch), used to order snapshots and live records and
 *        to measure latency
 * @param dataJson the payload as JSON, sent as the frame's {@code data}
 * @param book the book sequence and kind of an order-book record; null for other types
 * @param traceId the W3C trace id when the record was sampled for tracing (sent as the frame's {@code trace_id}), else null
 */
public record MarketUpdate(StreamKey stream, String variant, UUID eventId, long timestampNanos, String dataJson, BookRecord book,
        String traceId) {

    /** A record that is not traced. */
    public MarketUpdate(StreamKey stream, String variant, UUID eventId, long timestampNanos, String dataJson, BookRecord book) {
        this(stream, variant, eventId, timestampNanos, dataJson, book, null);
    }

    /** A record of a stream that is not an order book. */
    public MarketUpdate(StreamKey stream, String variant, UUID eventId, long timestampNanos, String dataJson) {
        this(stream, variant, eventId, timestampNanos, dataJson, null);
    }

    /** The same update, part of the trace {@code traceId}. */
    public MarketUpdate withTraceId(String traceId) {
        return new MarketUpdate(stream, variant, eventId, timestampNanos, dataJson, book, traceId);
    }

    /** Updates with the same key replace each other when a client cannot keep up (order books: see {@code Outbox#offerDelta}). */
    public String conflationKey() {
        return variant.isEmpty() ? stream.wireName() : stream.wireName() + ":" + variant;
    }
}
