package dev.marketstream.events.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.Side;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Proves every market message survives writing and reading, renders as the JSON clients get, and bad bytes are refused by name. */
class MarketRecordTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long T = Envelopes.nanos(java.time.Instant.parse("2026-12-01T10:00:00.123456789Z"));

    final MarketWriter writer = new MarketWriter();
    final MarketRecord record = new MarketRecord();
    final MarketJson json = new MarketJson();

    @Test
    void tradeRoundTripsWithItsEnvelope() throws Exception {
        UUID id = EventIds.next();
        TraceIds trace = TraceIds.newTrace();
        writer.trade().price(18_950_000_000L).size(Decimals.ofUnits(10)).exchangeTime(T).symbol("AAPL").venue("XNAS").source("test");
        writer.envelope(id, T + 5, trace);
        byte[] bytes = writer.toBytes();

        assertThat(record.wrap(bytes)).isEqualTo(MarketType.TRADE);
        assertThat(record.eventId()).isEqualTo(id);
        assertThat(Envelopes.trace(record.envelope())).isEqualTo(trace);
        assertThat(record.symbol()).isEqualTo("AAPL");
        assertThat(record.trade().price()).isEqualTo(18_950_000_000L);
        JsonNode event = JSON.readTree(json.event(record));
        assertThat(event.get("eventType").asText()).isEqualTo("market.trade");
        assertThat(event.get("eventId").asText()).isEqualTo(id.toString());
        assertThat(event.get("source").asText()).isEqualTo("test");
        assertThat(event.get("traceId").asText()).isEqualTo(trace.toContext().traceId());
        assertThat(event.at("/data/price").decimalValue()).isEqualByComparingTo("189.5");
        assertThat(event.at("/data/timestamp").asText()).isEqualTo("2026-12-01T10:00:00.123456789Z");
        assertThat(event.at("/data/exchange").asText()).isEqualTo("XNAS");
    }

    @Test
    void bookUpdateCarriesItsLevelsAndSequence() throws Exception {
        var book = writer.bookUpdate().bookSeq(42).exchangeTime(T).kind(BookKind.DELTA);
        book.levelsCount(2).next().side(Side.BID).price(18_940_000_000L).size(0).next().side(Side.ASK).price(18_960_000_000L)
                .size(Decimals.ofUnits(300));
        book.symbol("AAPL").source("test");
        writer.envelope(EventIds.next(), T, TraceIds.NONE);

        assertThat(record.wrap(writer.toBytes())).isEqualTo(MarketType.BOOK_UPDATE);
        assertThat(record.symbol()).isEqualTo("AAPL");
        BookUpdateDecoder decoded = record.bookUpdate();
        assertThat(decoded.bookSeq()).isEqualTo(42);
        JsonNode data = JSON.readTree(json.data(record));
        assertThat(data.get("type").asText()).isEqualTo("update");
        assertThat(data.get("book_seq").asLong()).isEqualTo(42);
        assertThat(data.at("/bids/0/size").decimalValue()).isEqualByComparingTo("0");
        assertThat(data.at("/asks/0/price").decimalValue()).isEqualByComparingTo("189.6");
        assertThat(data.get("asks")).hasSize(1);
    }

    @Test
    void priceUpdateRendersTheClientFieldsAndLeavesOutAbsentOnes() throws Exception {
        writer.priceUpdate().price(2_100_000_000L).size(Decimals.ofUnits(5)).exchangeTime(T).change(100_000_000L)
                .changePercent(500_000_000L).previousClose(2_000_000_000L).marketCap(Decimals.ABSENT)
                .symbol("MSFT").sector("").source("stream-processor");
        writer.envelope(EventIds.next(), T, TraceIds.NONE);

        record.wrap(writer.toBytes());
        JsonNode data = JSON.readTree(json.data(record));
        assertThat(data.fieldNames()).toIterable()
                .containsExactly("symbol", "price", "volume", "timestamp", "change", "change_percent", "previous_close");
        assertThat(data.get("change_percent").decimalValue()).isEqualByComparingTo("5");
    }

    @Test
    void barAndVolumeRenderTheirClientFields() throws Exception {
        writer.ohlcvBar().intervalSeconds(60).windowStart(T).windowEnd(T + 60_000_000_000L).open(1).high(3).low(1).close(2)
                .volume(10).vwap(2).tradeCount(4).symbol("GOOGL").source("stream-processor");
        writer.envelope(EventIds.next(), T, TraceIds.NONE);
        record.wrap(writer.toBytes());
        JsonNode bar = JSON.readTree(json.data(record));
        assertThat(bar.get("interval").asText()).isEqualTo("1m");
        assertThat(bar.get("trade_count").asLong()).isEqualTo(4);

        writer.volumeUpdate().size(Decimals.ofUnits(5)).cumulativeVolume(Decimals.ofUnits(105)).exchangeTime(T)
                .symbol("GOOGL").source("stream-processor");
        writer.envelope(EventIds.next(), T, TraceIds.NONE);
        record.wrap(writer.toBytes());
        assertThat(JSON.readTree(json.data(record)).get("cumulative_volume").asLong()).isEqualTo(105);
    }

    @Test
    void refusesJsonOtherSchemasUnknownTemplatesAndTruncatedRecordsByName() {
        writer.trade().price(1).size(1).exchangeTime(T).symbol("AAPL").venue("").source("test");
        writer.envelope(EventIds.next(), T, TraceIds.NONE);
        byte[] good = writer.toBytes();

        assertRefused("{\"eventType\":\"market.tick\"}".getBytes(StandardCharsets.UTF_8),
                EventValidationException.Code.UNSUPPORTED_SCHEMA, "JSON document");
        byte[] otherSchema = good.clone();
        otherSchema[4] = 9; // schemaId, little endian: 7001 becomes another id
        assertRefused(otherSchema, EventValidationException.Code.UNSUPPORTED_SCHEMA, "version 1 is not readable");
        byte[] unknownTemplate = good.clone();
        unknownTemplate[2] = 30;
        assertRefused(unknownTemplate, EventValidationException.Code.UNSUPPORTED_SCHEMA, "template 30");
        assertRefused(Arrays.copyOf(good, 5), EventValidationException.Code.MALFORMED_RECORD, "shorter than the binary header");
        assertRefused(Arrays.copyOf(good, 40), EventValidationException.Code.MALFORMED_RECORD, "does not fit");
        byte[] cutInSymbol = Arrays.copyOf(good, good.length - 8);
        assertThatThrownBy(() -> {
            record.wrap(cutInSymbol);
            json.data(record);
        }).isInstanceOfSatisfying(EventValidationException.class,
                e -> assertThat(e.code()).isEqualTo(EventValidationException.Code.MALFORMED_RECORD));
    }

    private void assertRefused(byte[] bytes, EventValidationException.Code code, String reason) {
        assertThatThrownBy(() -> record.wrap(bytes)).isInstanceOfSatisfying(EventValidationException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.reason()).contains(reason);
        });
    }
}
