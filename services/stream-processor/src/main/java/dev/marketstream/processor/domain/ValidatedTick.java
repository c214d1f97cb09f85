package dev.marketstream.processor.domain;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.market.MarketTick;

/**
 * The outcome of validating one raw record: the decoded tick, or the raw bytes to dead-letter.
 *
 * @param tick the decoded tick, null when invalid
 * @param raw the record's original value, kept for the dead letter
 */
public record ValidatedTick(EventEnvelope<MarketTick> tick, byte[] raw) {

    public static ValidatedTick valid(EventEnvelope<MarketTick> tick) {
        return new ValidatedTick(tick, null);
    }

    public static ValidatedTick invalid(byte[] raw) {
        return new ValidatedTick(null, raw);
    }

    public boolean isValid() {
        return tick != null;
    }
}
