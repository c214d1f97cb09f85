package dev.marketstream.wsgateway.messaging;

import dev.marketstream.events.binary.Intervals;
import dev.marketstream.events.binary.MarketJson;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.EnvelopeDecoder;
import dev.marketstream.events.sbe.OhlcvBarDecoder;
import dev.marketstream.wsgateway.domain.BookRecord;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.StreamKey;
import dev.marketstream.wsgateway.protocol.DataType;
import java.util.UUID;

/**
 * Turns binary market records (SBE, schema {@code marketstream-market.xml}: the {@code market-*} topics and the
 * {@code ms:snapshot:*} values) into the updates the gateway sends, in one pass over the bytes: the record is read
 * in place, what fan-out routes by is taken from it (type, symbol, event id, market time, candle interval, book
 * sequence and kind) and its client JSON is rendered once with {@link MarketJson}. See DESIGN.md "Decoding". Reuses one
 * reader: one instance per thread.
 */
public final class MarketDecoder {

    private final MarketRecord record = new MarketRecord();
    private final MarketJson json = new MarketJson();

    /**
     * The update of a record; null for a record that is not a market stream (a trade, reference data).
     *
     * @throws EventValidationException when the record cannot be read, or its symbol, interval or book fields are invalid
     */
    public MarketUpdate decode(byte[] value) {
        MarketType type = record.wrap(value);
        DataType dataType;
        String variant = "";
        long marketTime;
        BookRecord book = null;
        switch (type) {
            case PRICE_UPDATE -> {
                dataType = DataType.PRICE;
                marketTime = record.priceUpdate().exchangeTime();
            }
            case VOLUME_UPDATE -> {
                dataType = DataType.VOLUME;
                marketTime = record.volumeUpdate().exchangeTime();
            }
            case OHLCV_BAR -> {
                OhlcvBarDecoder bar = record.ohlcvBar();
                dataType = DataType.CANDLES;
                marketTime = bar.windowEnd();
                variant = interval(bar.intervalSeconds());
            }
            case BOOK_UPDATE -> {
                BookUpdateDecoder update = record.bookUpdate();
                dataType = DataType.ORDERBOOK;
                marketTime = update.exchangeTime();
                book = book(update);
            }
            default -> {
                return null;
            }
        }
        String symbol = Check.marketSymbol(record.symbol(), "symbol");
        EnvelopeDecoder envelope = record.envelope();
        UUID eventId = new UUID(envelope.eventIdMsb(), envelope.eventIdLsb());
        return new MarketUpdate(new StreamKey(symbol, dataType), variant, eventId, marketTime, json.data(record), book);
    }

    private static String interval(int seconds) {
        return switch (seconds) {
            case 1 -> "1s";
            case 60 -> "1m";
            default -> {
                if (seconds <= 0) {
                    throw EventValidationException.invalid("intervalSeconds", "must be greater than 0 but was " + seconds);
                }
                yield Intervals.name(seconds);
            }
        };
    }

    /** The sequence and kind of a book update; its levels are read by the book that applies it. */
    private static BookRecord book(BookUpdateDecoder update) {
        short kind = update.kindRaw();
        if (kind != BookKind.SNAPSHOT.value() && kind != BookKind.DELTA.value()) {
            throw EventValidationException.invalid("kind", "must be SNAPSHOT or DELTA but was " + kind);
        }
        return new BookRecord(update.bookSeq(), kind == BookKind.SNAPSHOT.value());
    }

    /** The order-book record decoded last, rewound: its levels not read yet, for {@code OrderBooks#apply}. */
    public BookUpdateDecoder bookUpdate() {
        return record.bookUpdate().sbeRewind();
    }
}
