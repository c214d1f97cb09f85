package dev.marketstream.events.binary;

import dev.marketstream.events.sbe.BookStateEncoder;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.EnvelopeEncoder;
import dev.marketstream.events.sbe.MessageHeaderEncoder;
import dev.marketstream.events.sbe.OhlcvBarEncoder;
import dev.marketstream.events.sbe.PriceUpdateEncoder;
import dev.marketstream.events.sbe.ReferenceDataEncoder;
import dev.marketstream.events.sbe.SymbolStateEncoder;
import dev.marketstream.events.sbe.TradeEncoder;
import dev.marketstream.events.sbe.VolumeUpdateEncoder;
import java.util.UUID;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * Writes binary market records: start a message with one of the typed methods (it writes the header), set the
 * fields through the returned SBE encoder in schema order (fixed fields, then groups, then var-length fields),
 * then take the record with {@link #toBytes()}. One scratch buffer is reused; one instance per thread.
 *
 * <pre>{@code
 * writer.trade().price(p).size(s).exchangeTime(t).symbol("AAPL").venue("XNAS").source("synthetic-feed");
 * Envelopes.write(writer.lastEnvelope(), id, now, trace);   // or before the fields, in any order: it is fixed
 * byte[] record = writer.toBytes();
 * }</pre>
 */
public final class MarketWriter {

    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(512);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BookUpdateEncoder bookUpdate = new BookUpdateEncoder();
    private final PriceUpdateEncoder priceUpdate = new PriceUpdateEncoder();
    private final VolumeUpdateEncoder volumeUpdate = new VolumeUpdateEncoder();
    private final OhlcvBarEncoder ohlcvBar = new OhlcvBarEncoder();
    private final ReferenceDataEncoder referenceData = new ReferenceDataEncoder();
    private final SymbolStateEncoder symbolState = new SymbolStateEncoder();
    private final BookStateEncoder bookState = new BookStateEncoder();
    private MessageEncoderFlyweight current;
    private EnvelopeEncoder envelope;

    public TradeEncoder trade() {
        start(trade.wrapAndApplyHeader(scratch, 0, header));
        envelope = trade.envelope();
        return trade;
    }

    public BookUpdateEncoder bookUpdate() {
        start(bookUpdate.wrapAndApplyHeader(scratch, 0, header));
        envelope = bookUpdate.envelope();
        return bookUpdate;
    }

    public PriceUpdateEncoder priceUpdate() {
        start(priceUpdate.wrapAndApplyHeader(scratch, 0, header));
        envelope = priceUpdate.envelope();
        return priceUpdate;
    }

    public VolumeUpdateEncoder volumeUpdate() {
        start(volumeUpdate.wrapAndApplyHeader(scratch, 0, header));
        envelope = volumeUpdate.envelope();
        return volumeUpdate;
    }

    public OhlcvBarEncoder ohlcvBar() {
        start(ohlcvBar.wrapAndApplyHeader(scratch, 0, header));
        envelope = ohlcvBar.envelope();
        return ohlcvBar;
    }

    public ReferenceDataEncoder referenceData() {
        start(referenceData.wrapAndApplyHeader(scratch, 0, header));
        envelope = referenceData.envelope();
        return referenceData;
    }

    public SymbolStateEncoder symbolState() {
        start(symbolState.wrapAndApplyHeader(scratch, 0, header));
        envelope = null;
        return symbolState;
    }

    public BookStateEncoder bookState() {
        start(bookState.wrapAndApplyHeader(scratch, 0, header));
        envelope = null;
        return bookState;
    }

    /** The envelope of the event message started last, to fill in with {@link Envelopes}. */
    public EnvelopeEncoder lastEnvelope() {
        if (envelope == null) {
            throw new IllegalStateException("the message started last has no envelope");
        }
        return envelope;
    }

    /** Fills the envelope of the event message started last. */
    public MarketWriter envelope(UUID eventId, long timestampNanos, TraceIds trace) {
        Envelopes.write(lastEnvelope(), eventId.getMostSignificantBits(), eventId.getLeastSignificantBits(), timestampNanos, trace);
        return this;
    }

    /** The record written since the last start, header included, as a new array of its exact length. */
    public byte[] toBytes() {
        if (current == null) {
            throw new IllegalStateException("no message started");
        }
        byte[] record = new byte[MessageHeaderEncoder.ENCODED_LENGTH + current.encodedLength()];
        scratch.getBytes(0, record);
        return record;
    }

    private void start(MessageEncoderFlyweight message) {
        current = message;
    }
}
