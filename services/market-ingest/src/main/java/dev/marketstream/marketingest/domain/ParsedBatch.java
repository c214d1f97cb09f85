package dev.marketstream.marketingest.domain;

import dev.marketstream.events.market.MarketTick;
import java.util.List;

/**
 * A provider document split into the ticks that passed validation and the items that did not.
 *
 * @param valid ticks ready to publish, in document order
 * @param rejected invalid items with their raw JSON, to dead-letter
 */
public record ParsedBatch(List<MarketTick> valid, List<Rejected> rejected) {

    /** An item that failed validation: its raw bytes (what goes to the DLQ) and the error. */
    public record Rejected(byte[] raw, ItemError error, RuntimeException cause) {
    }

    public int size() {
        return valid.size() + rejected.size();
    }

    public List<ItemError> errors() {
        return rejected.stream().map(Rejected::error).toList();
    }
}
