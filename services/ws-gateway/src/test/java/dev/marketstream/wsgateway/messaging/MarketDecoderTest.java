package dev.marketstream.wsgateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketJson;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.wsgateway.domain.BookRecord;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.StreamKey;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.testing.BinaryMarket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Proves the feed's decoder turns every binary market record into the update it routes (stream, interval, event id,
 * market time, book sequence) with the client JSON of the event model, ignores non-stream records and refuses bad ones.
 */
class MarketDecoderTest {

    final long at = Envelopes.nanos(Instant.parse("2026-12-01T10:00:00.123456789Z"));
    final UUID id = UUID.randomUUID();
    final MarketWriter writer = new MarketWriter();
    final MarketDecoder decoder = new MarketDecoder();

    static String json(byte[] record) {
        MarketRecord reader = new MarketRecord();
        reader.wrap(record);
        return new MarketJson().data(reader);
    }

    byte[] price(String symbol) {
        writer.priceUpdate().price(18_925_000_000L).size(Decimals.ofUnits(1200)).exchangeTime(at).change(-75_000_000L)
                .changePercent(-39_470_000L).previousClose(19_000_000_000L).marketCap(Decimals.ABSENT)
                .symbol(symbol).sector("Technology").source("test");
        writer.envelope(id, at + 5, TraceIds.NONE);
        return writer.toBytes();
    }

    @Test
    void decodesEachMarketStreamWithItsRoutingFieldsAndClientJson() {
        byte[] price = price("AAPL");
        assertThat(decoder.decode(price)).isEqualTo(new MarketUpdate(new StreamKey("AAPL", DataType.PRICE), "", id, at, json(price)));
        assertThat(decoder.decode(price).dataJson()).contains("\"price\":189.25").contains("\"sector\":\"Technology\"");

        writer.volumeUpdate().size(Decimals.ofUnits(300)).cumulativeVolume(Decimals.ofUnits(1_500_300)).exchangeTime(at)
                .symbol("MSFT").source("test");
        writer.envelope(id, at, TraceIds.NONE);
        byte[] volume = writer.toBytes();
        assertThat(decoder.decode(volume)).isEqualTo(new MarketUpdate(new StreamKey("MSFT", DataType.VOLUME), "", id, at, json(volume)));

        writer.ohlcvBar().intervalSeconds(60).windowStart(at - 60_000_000_000L).windowEnd(at).open(Decimals.ofUnits(189))
                .high(Decimals.ofUnits(190)).low(Decimals.ofUnits(188)).close(Decimals.ofUnits(189)).volume(Decimals.ofUnits(5000))
                .vwap(Decimals.ofUnits(189)).tradeCount(42).symbol("AAPL").source("test");
        writer.envelope(id, at, TraceIds.NONE);
        byte[] bar = writer.toBytes();
        MarketUpdate candle = decoder.decode(bar);
        assertThat(candle).isEqualTo(new MarketUpdate(new StreamKey("AAPL", DataType.CANDLES), "1m", id, at, json(bar)));
        assertThat(candle.conflationKey()).isEqualTo("AAPL:candles:1m");

        byte[] delta = BinaryMarket.book(id, "BTC-USD", 42, dev.marketstream.events.sbe.BookKind.DELTA, Envelopes.instant(at),
                "B 64000.5x0.25", "A 64001x0");
        MarketUpdate book = decoder.decode(delta);
        assertThat(book).isEqualTo(new MarketUpdate(new StreamKey("BTC-USD", DataType.ORDERBOOK), "", id, at, json(delta),
                new BookRecord(42, false)));
        assertThat(book.dataJson()).contains("\"type\":\"update\"").contains("\"book_seq\":42");
        assertThat(decoder.bookUpdate().bookSeq()).isEqualTo(42);
        assertThat(decoder.bookUpdate().levels().count()).isEqualTo(2);
        assertThat(decoder.decode(BinaryMarket.bookSnapshot("BTC-USD", 43, Instant.now(), "B 1x1")).book())
                .isEqualTo(new BookRecord(43, true));
    }

    @Test
    void ignoresRecordsThatAreNotMarketStreams() {
        assertThat(decoder.decode(BinaryMarket.trade("AAPL", "189.25", "10", Instant.now()))).isNull();
        assertThat(decoder.decode(BinaryMarket.reference("AAPL", "Technology", null, "190"))).isNull();
    }

    @Test
    void refusesJsonTruncatedRecordsAndBadSymbols() {
        assertThatThrownBy(() -> decoder.decode("{\"eventType\":\"market.price\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventValidationException.class).hasMessageContaining("JSON");
        byte[] price = price("AAPL");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(price, price.length - 3))).isInstanceOf(EventValidationException.class);
        assertThatThrownBy(() -> decoder.decode(price("ms ft"))).isInstanceOf(EventValidationException.class)
                .hasMessageContaining("symbol");
        writer.ohlcvBar().intervalSeconds(0).windowStart(at).windowEnd(at).symbol("AAPL").source("test");
        writer.envelope(id, at, TraceIds.NONE);
        byte[] bar = writer.toBytes();
        assertThatThrownBy(() -> decoder.decode(bar)).isInstanceOf(EventValidationException.class).hasMessageContaining("intervalSeconds");
    }
}
