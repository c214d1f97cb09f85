package dev.marketstream.gateway.domain;

import java.time.Instant;

/**
 * One market record as the fan-out sees it.
 *
 * @param stream the symbol and data type
 * @param variant what distinguishes values that must not replace each other in conflation (the candle interval), or empty
 * @param eventId the envelope's id, to recognise a live record equal to a snapshot
 * @param timestamp the payload's market time, used to order snapshots and live records and to measure latency
 * @param dataJson the payload as JSON, sent as the frame's {@code data}
 */
public record MarketUpdate(StreamKey stream, String variant, String eventId, Instant timestamp, String dataJson) {

    /** Updates with the same key replace each other when a client cannot keep up. */
    public String conflationKey() {
        return variant.isEmpty() ? stream.wireName() : stream.wireName() + ":" + variant;
    }
}
