package dev.marketstream.wsgateway.domain;

import dev.marketstream.events.binary.MarketJson;
import dev.marketstream.events.binary.MarketRecord;

/**
 * A copy of a whole order book, taken by a lane to send it to a client.
 *
 * @param bookSeq the book sequence of the last record applied to it
 * @param record the book as a SNAPSHOT {@code BookUpdate} record, like those of {@code market-orderbook}
 */
public record BookSnapshot(long bookSeq, byte[] record) {

    private static final ThreadLocal<Reader> READER = ThreadLocal.withInitial(Reader::new);

    /** The frame's {@code data}, rendered as every order-book record is ({@link MarketJson}). */
    public String dataJson() {
        Reader reader = READER.get();
        reader.record.wrap(record);
        return reader.json.data(reader.record);
    }

    private static final class Reader {
        final MarketRecord record = new MarketRecord();
        final MarketJson json = new MarketJson();
    }
}
