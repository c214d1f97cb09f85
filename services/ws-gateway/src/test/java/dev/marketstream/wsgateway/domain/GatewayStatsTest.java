package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency samples feed the histogram per data type and the REST average from one call; closes count drops by code. */
class GatewayStatsTest {

    @Test
    void sendsEverySampleToTheHistogramAndAveragesAllButCandles() {
        GatewayStats stats = new GatewayStats();
        List<String> histogram = new ArrayList<>();
        stats.exportLatencyTo((type, micros) -> histogram.add(type.wireName() + "=" + micros));

        stats.recordLatencyMicros(DataType.PRICE, 100_000);
        stats.recordLatencyMicros(DataType.ORDERBOOK, 300_000);
        stats.recordLatencyMicros(DataType.CANDLES, 4_000_000);
        stats.recordLatencyMicros(DataType.VOLUME, -5);

        assertThat(histogram).containsExactly("price=100000", "orderbook=300000", "candles=4000000", "volume=0");
        assertThat(stats.averageLatencyMillis()).as("mean of 100, 300 and 0 ms; the candle left out").isEqualTo(400.0 / 3);
    }

    @Test
    void sendsUserEventAgesToTheirHistogramNeverNegative() {
        GatewayStats stats = new GatewayStats();
        List<String> histogram = new ArrayList<>();
        stats.exportUserEventLatencyTo((event, micros) -> histogram.add(event.wireName() + "=" + micros));

        stats.recordUserEventLatencyMicros(ServerEvent.TRADING_ALERT, 2_500);
        stats.recordUserEventLatencyMicros(ServerEvent.PORTFOLIO_UPDATE, -40);

        assertThat(histogram).containsExactly("trading_alert=2500", "portfolio_update=0");
        assertThat(stats.averageLatencyMillis()).as("user events are not market latency").isZero();
    }

    @Test
    void countsClosesOtherThanNormalAndGoingAwayAsDrops() {
        GatewayStats stats = new GatewayStats();
        for (int i = 0; i < 5; i++) {
            stats.recordOpened();
        }
        stats.recordClosed(1000);
        stats.recordClosed(1001);
        stats.recordClosed(4001);
        stats.recordClosed(1006);

        assertThat(stats.connectionsOpened.sum()).isEqualTo(5);
        assertThat(stats.connectionsDropped.sum()).isEqualTo(2);
        assertThat(stats.activeConnections.get()).isEqualTo(1);
    }
}
