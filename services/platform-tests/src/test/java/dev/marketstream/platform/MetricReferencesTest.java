package dev.marketstream.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name extraction the platform test relies on: names, not functions, labels, keywords or rule names. */
class MetricReferencesTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(MetricReferences.inExpression("""
                histogram_quantile(0.99, sum by (le, data_type) (rate(marketstream_gateway_market_latency_seconds_bucket[5m])))
                / on (job) group_left sum without (instance) (marketstream_gateway_connections_active{job=~"ws-gateway.*", x="a(b)"})
                or up == 0 and marketstream:processing_errors:ratio_rate5m > 1e-3 unless max(kafka_stream_failed_stream_threads_total)"""))
                .containsExactly("kafka_stream_failed_stream_threads_total", "marketstream_gateway_connections_active",
                        "marketstream_gateway_market_latency_seconds_bucket");
    }

    @Test
    void readsTheNamesOfAnExposition() {
        assertThat(MetricReferences.exported("""
                # HELP marketstream_gateway_connections_active Open WebSocket connections
                # TYPE marketstream_gateway_connections_active gauge
                marketstream_gateway_connections_active 3.0
                marketstream_gateway_market_latency_seconds_bucket{data_type="price",le="0.001"} 0.0
                """)).containsExactly("marketstream_gateway_connections_active", "marketstream_gateway_market_latency_seconds_bucket");
    }
}
