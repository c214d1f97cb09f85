package dev.marketstream.events.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.sbe.v2.MessageHeaderEncoder;
import dev.marketstream.events.sbe.v2.TradeEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Proves a record written by a newer version of the schema (src/test/sbe: version 2 adds a field to Trade) is read
 * by this version's reader: every field it knows has its value, the new one is skipped.
 */
class SchemaEvolutionTest {

    @Test
    void aVersionOneReaderReadsAVersionTwoTradeIgnoringTheNewField() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        TradeEncoder v2 = new TradeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        v2.envelope().eventIdMsb(1).eventIdLsb(2).timestamp(3).traceIdHigh(0).traceIdLow(0).spanId(0);
        v2.price(18_950_000_000L).size(100_000_000L).exchangeTime(4).tradeId(777).symbol("AAPL").venue("XNAS").source("newer-feed");
        byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + v2.encodedLength()];
        buffer.getBytes(0, bytes);

        MarketRecord reader = new MarketRecord();
        assertThat(reader.wrap(bytes)).isEqualTo(MarketType.TRADE);
        assertThat(reader.version()).isEqualTo(2);
        assertThat(reader.trade().price()).isEqualTo(18_950_000_000L);
        assertThat(reader.trade().exchangeTime()).isEqualTo(4);
        assertThat(reader.symbol()).isEqualTo("AAPL");
        assertThat(new MarketJson().event(reader)).contains("\"source\":\"newer-feed\"", "\"schemaVersion\":2", "\"exchange\":\"XNAS\"");
    }
}
