package dev.marketstream.events.binary;

import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.sbe.BookStateDecoder;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.EnvelopeDecoder;
import dev.marketstream.events.sbe.MessageHeaderDecoder;
import dev.marketstream.events.sbe.OhlcvBarDecoder;
import dev.marketstream.events.sbe.PriceUpdateDecoder;
import dev.marketstream.events.sbe.ReferenceDataDecoder;
import dev.marketstream.events.sbe.SymbolStateDecoder;
import dev.marketstream.events.sbe.TradeDecoder;
import dev.marketstream.events.sbe.VolumeUpdateDecoder;
import java.util.UUID;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads binary market records in place, without copying or allocating: {@link #wrap(byte[])} checks the header
 * and points the decoder of the record's type at it; the typed accessors then read fields straight from the
 * bytes. One instance per thread, reused for every record.
 *
 * <p>What it refuses, as an {@link EventValidationException} naming the problem: a record too short for its
 * header or block, a JSON document, a schema id other than {@link #SCHEMA_ID} (an incompatible schema), a
 * template this version does not know. A record of a <em>newer</em> version of the schema is read: the fields
 * this version knows are where they were, and the ones added later are skipped.
 */
public final class MarketRecord {

    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    /** The schema version this library writes, and the one whose fields it reads. */
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final BookUpdateDecoder bookUpdate = new BookUpdateDecoder();
    private final PriceUpdateDecoder priceUpdate = new PriceUpdateDecoder();
    private final VolumeUpdateDecoder volumeUpdate = new VolumeUpdateDecoder();
    private final OhlcvBarDecoder ohlcvBar = new OhlcvBarDecoder();
    private final ReferenceDataDecoder referenceData = new ReferenceDataDecoder();
    private final SymbolStateDecoder symbolState = new SymbolStateDecoder();
    private final BookStateDecoder bookState = new BookStateDecoder();
    private MarketType type;
    private int length;

    /** Points this reader at a record; returns its type. */
    public MarketType wrap(byte[] record) {
        if (record == null) {
            throw EventValidationException.missing("$");
        }
        buffer.wrap(record);
        return wrap(buffer, record.length);
    }

    private MarketType wrap(DirectBuffer bytes, int recordLength) {
        type = null;
        length = recordLength;
        if (recordLength > 0 && bytes.getByte(0) == '{') {
            throw unsupported("a JSON document, not a binary market record (schema " + SCHEMA_ID + ")");
        }
        if (recordLength < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw malformed("a record of " + recordLength + " bytes is shorter than the binary header");
        }
        header.wrap(bytes, 0);
        if (header.schemaId() != SCHEMA_ID) {
            throw unsupported("schema " + header.schemaId() + " version " + header.version()
                    + " is not readable here: this reader reads schema " + SCHEMA_ID + " (versions 1 and later)");
        }
        if (header.version() < 1) {
            throw malformed("schema version " + header.version() + " does not exist");
        }
        MarketType found = MarketType.ofTemplate(header.templateId());
        if (found == null) {
            throw unsupported("template " + header.templateId() + " of schema " + SCHEMA_ID + " version " + header.version()
                    + " is not a message this reader (version " + SCHEMA_VERSION + ") knows");
        }
        int blockLength = header.blockLength();
        if (header.version() >= SCHEMA_VERSION && blockLength < found.blockLength()
                || MessageHeaderDecoder.ENCODED_LENGTH + blockLength > recordLength) {
            throw malformed(found.wireName() + " block of " + blockLength + " bytes does not fit version " + header.version()
                    + " in a record of " + recordLength + " bytes");
        }
        int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        int version = header.version();
        switch (found) {
            case TRADE -> trade.wrap(bytes, offset, blockLength, version);
            case BOOK_UPDATE -> bookUpdate.wrap(bytes, offset, blockLength, version);
            case PRICE_UPDATE -> priceUpdate.wrap(bytes, offset, blockLength, version);
            case VOLUME_UPDATE -> volumeUpdate.wrap(bytes, offset, blockLength, version);
            case OHLCV_BAR -> ohlcvBar.wrap(bytes, offset, blockLength, version);
            case REFERENCE_DATA -> referenceData.wrap(bytes, offset, blockLength, version);
            case SYMBOL_STATE -> symbolState.wrap(bytes, offset, blockLength, version);
            case BOOK_STATE -> bookState.wrap(bytes, offset, blockLength, version);
        }
        type = found;
        requireComplete();
        return found;
    }

    /**
     * Walks the groups and var-length fields, so a record cut short is refused here, before any field is used, and
     * rewinds the decoder: it is left as just wrapped, its groups and var-length fields not read yet.
     */
    private void requireComplete() {
        int end;
        try {
            end = switch (type) {
                case TRADE -> {
                    trade.sbeRewind().skipSymbol();
                    trade.skipVenue();
                    trade.skipSource();
                    int limit = trade.limit();
                    trade.sbeRewind();
                    yield limit;
                }
                case BOOK_UPDATE -> {
                    BookUpdateDecoder.LevelsDecoder levels = bookUpdate.sbeRewind().levels();
                    while (levels.hasNext()) {
                        levels.next();
                    }
                    bookUpdate.skipSymbol();
                    bookUpdate.skipSource();
                    int limit = bookUpdate.limit();
                    bookUpdate.sbeRewind();
                    yield limit;
                }
                case PRICE_UPDATE -> {
                    priceUpdate.sbeRewind().skipSymbol();
                    priceUpdate.skipSector();
                    priceUpdate.skipSource();
                    int limit = priceUpdate.limit();
                    priceUpdate.sbeRewind();
                    yield limit;
                }
                case VOLUME_UPDATE -> {
                    volumeUpdate.sbeRewind().skipSymbol();
                    volumeUpdate.skipSource();
                    int limit = volumeUpdate.limit();
                    volumeUpdate.sbeRewind();
                    yield limit;
                }
                case OHLCV_BAR -> {
                    ohlcvBar.sbeRewind().skipSymbol();
                    ohlcvBar.skipSource();
                    int limit = ohlcvBar.limit();
                    ohlcvBar.sbeRewind();
                    yield limit;
                }
                case REFERENCE_DATA -> {
                    referenceData.sbeRewind().skipSymbol();
                    referenceData.skipSector();
                    referenceData.skipSource();
                    int limit = referenceData.limit();
                    referenceData.sbeRewind();
                    yield limit;
                }
                case SYMBOL_STATE -> {
                    SymbolStateDecoder.WindowsDecoder windows = symbolState.sbeRewind().windows();
                    while (windows.hasNext()) {
                        windows.next();
                    }
                    int limit = symbolState.limit();
                    symbolState.sbeRewind();
                    yield limit;
                }
                case BOOK_STATE -> {
                    BookStateDecoder.LevelsDecoder levels = bookState.sbeRewind().levels();
                    while (levels.hasNext()) {
                        levels.next();
                    }
                    int limit = bookState.limit();
                    bookState.sbeRewind();
                    yield limit;
                }
            };
        } catch (IndexOutOfBoundsException e) {
            MarketType cut = type;
            type = null;
            throw malformed(cut.wireName() + " record ends inside its fields: " + e.getMessage());
        }
        if (end > length) {
            MarketType cut = type;
            type = null;
            throw malformed(cut.wireName() + " record needs " + end + " bytes but has " + length);
        }
    }

    public MarketType type() {
        return type;
    }

    /** The schema version the record was written with (may be newer than {@link #SCHEMA_VERSION}). */
    public int version() {
        return header.version();
    }

    /** Bytes of the wrapped record. */
    public int length() {
        return length;
    }

    public TradeDecoder trade() {
        return expect(MarketType.TRADE, trade);
    }

    public BookUpdateDecoder bookUpdate() {
        return expect(MarketType.BOOK_UPDATE, bookUpdate);
    }

    public PriceUpdateDecoder priceUpdate() {
        return expect(MarketType.PRICE_UPDATE, priceUpdate);
    }

    public VolumeUpdateDecoder volumeUpdate() {
        return expect(MarketType.VOLUME_UPDATE, volumeUpdate);
    }

    public OhlcvBarDecoder ohlcvBar() {
        return expect(MarketType.OHLCV_BAR, ohlcvBar);
    }

    public ReferenceDataDecoder referenceData() {
        return expect(MarketType.REFERENCE_DATA, referenceData);
    }

    public SymbolStateDecoder symbolState() {
        return expect(MarketType.SYMBOL_STATE, symbolState);
    }

    public BookStateDecoder bookState() {
        return expect(MarketType.BOOK_STATE, bookState);
    }

    /** The envelope of an event record (not of the state messages). */
    public EnvelopeDecoder envelope() {
        return switch (requireType()) {
            case TRADE -> trade.envelope();
            case BOOK_UPDATE -> bookUpdate.envelope();
            case PRICE_UPDATE -> priceUpdate.envelope();
            case VOLUME_UPDATE -> volumeUpdate.envelope();
            case OHLCV_BAR -> ohlcvBar.envelope();
            case REFERENCE_DATA -> referenceData.envelope();
            case SYMBOL_STATE, BOOK_STATE -> throw new IllegalStateException(type + " records carry no envelope");
        };
    }

    public UUID eventId() {
        EnvelopeDecoder envelope = envelope();
        return new UUID(envelope.eventIdMsb(), envelope.eventIdLsb());
    }

    /**
     * The symbol of an event record. Var-length fields come after the fixed block and the groups, so this reads
     * from the start of the record again: call it before other var-length fields, or after you are done with them.
     *
     * @throws EventValidationException when the record ends before its symbol does
     */
    public String symbol() {
        try {
            return switch (requireType()) {
                case TRADE -> trade.sbeRewind().symbol();
                case BOOK_UPDATE -> {
                    BookUpdateDecoder.LevelsDecoder levels = bookUpdate.sbeRewind().levels();
                    while (levels.hasNext()) {
                        levels.next();
                    }
                    yield bookUpdate.symbol();
                }
                case PRICE_UPDATE -> priceUpdate.sbeRewind().symbol();
                case VOLUME_UPDATE -> volumeUpdate.sbeRewind().symbol();
                case OHLCV_BAR -> ohlcvBar.sbeRewind().symbol();
                case REFERENCE_DATA -> referenceData.sbeRewind().symbol();
                case SYMBOL_STATE, BOOK_STATE -> throw new IllegalStateException(type + " records carry no symbol");
            };
        } catch (IndexOutOfBoundsException e) {
            throw malformed(type.wireName() + " record ends inside its fields: " + e.getMessage());
        }
    }

    private MarketType requireType() {
        if (type == null) {
            throw new IllegalStateException("no record wrapped");
        }
        return type;
    }

    private <T> T expect(MarketType expected, T decoder) {
        if (type != expected) {
            throw new IllegalStateException("the wrapped record is a " + type + ", not a " + expected);
        }
        return decoder;
    }

    static EventValidationException malformed(String reason) {
        return new EventValidationException(EventValidationException.Code.MALFORMED_RECORD, "$", reason);
    }

    private static EventValidationException unsupported(String reason) {
        return new EventValidationException(EventValidationException.Code.UNSUPPORTED_SCHEMA, "schemaVersion", reason);
    }
}
