package dev.marketstream.events.binary;

import dev.marketstream.events.sbe.BookStateDecoder;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.OhlcvBarDecoder;
import dev.marketstream.events.sbe.PriceUpdateDecoder;
import dev.marketstream.events.sbe.ReferenceDataDecoder;
import dev.marketstream.events.sbe.SymbolStateDecoder;
import dev.marketstream.events.sbe.TradeDecoder;
import dev.marketstream.events.sbe.VolumeUpdateDecoder;

/** The messages of the binary market schema ({@code src/main/sbe}), by SBE template id, with their event type names. */
public enum MarketType {
    TRADE(TradeDecoder.TEMPLATE_ID, "market.trade", TradeDecoder.BLOCK_LENGTH),
    BOOK_UPDATE(BookUpdateDecoder.TEMPLATE_ID, "market.orderbook", BookUpdateDecoder.BLOCK_LENGTH),
    PRICE_UPDATE(PriceUpdateDecoder.TEMPLATE_ID, "market.price", PriceUpdateDecoder.BLOCK_LENGTH),
    VOLUME_UPDATE(VolumeUpdateDecoder.TEMPLATE_ID, "market.volume", VolumeUpdateDecoder.BLOCK_LENGTH),
    OHLCV_BAR(OhlcvBarDecoder.TEMPLATE_ID, "market.ohlcv", OhlcvBarDecoder.BLOCK_LENGTH),
    REFERENCE_DATA(ReferenceDataDecoder.TEMPLATE_ID, "market.reference", ReferenceDataDecoder.BLOCK_LENGTH),
    /** Stream-processor state, never on a topic between services. */
    SYMBOL_STATE(SymbolStateDecoder.TEMPLATE_ID, "state.symbol", SymbolStateDecoder.BLOCK_LENGTH),
    /** Stream-processor state, never on a topic between services. */
    BOOK_STATE(BookStateDecoder.TEMPLATE_ID, "state.book", BookStateDecoder.BLOCK_LENGTH);

    private static final MarketType[] BY_TEMPLATE = new MarketType[32];

    static {
        for (MarketType type : values()) {
            BY_TEMPLATE[type.templateId] = type;
        }
    }

    private final int templateId;
    private final String wireName;
    private final int blockLength;

    MarketType(int templateId, String wireName, int blockLength) {
        this.templateId = templateId;
        this.wireName = wireName;
        this.blockLength = blockLength;
    }

    /** The {@code eventType} of the envelope in JSON views (the same names as the JSON events). */
    public String wireName() {
        return wireName;
    }

    public int templateId() {
        return templateId;
    }

    /** The fixed block length this version of the schema writes; a record of an older version may have less. */
    int blockLength() {
        return blockLength;
    }

    /** The type of a template id, or null for one this schema version does not know. */
    static MarketType ofTemplate(int templateId) {
        return templateId >= 0 && templateId < BY_TEMPLATE.length ? BY_TEMPLATE[templateId] : null;
    }
}
