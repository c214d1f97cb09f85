package dev.marketstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The order-book rules of docs/protocol.md and the reconnect delays, without a server. */
class OrderBookTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode frame(long seq, String type, String bids) throws Exception {
        return JSON.readTree("{\"symbol\":\"AAPL\",\"book_seq\":" + seq + ",\"type\":\"" + type + "\",\"bids\":" + bids + ",\"asks\":[]}");
    }

    @Test
    void appliesTheNextUpdateAndWaitsForASnapshotAfterAGap() throws Exception {
        OrderBook book = new OrderBook("AAPL");
        assertThat(book.apply(frame(3, "update", "[{\"price\":1,\"size\":1}]"))).isEqualTo(OrderBook.Outcome.IGNORED);
        assertThat(book.apply(frame(5, "snapshot", "[{\"price\":10,\"size\":2},{\"price\":9,\"size\":1}]"))).isEqualTo(OrderBook.Outcome.APPLIED);
        assertThat(book.apply(frame(6, "update", "[{\"price\":10,\"size\":0}]"))).isEqualTo(OrderBook.Outcome.APPLIED);
        assertThat(book.bids()).extracting(OrderBook.Level::price).containsExactly(new BigDecimal("9"));
        assertThat(book.apply(frame(6, "update", "[{\"price\":9,\"size\":0}]"))).isEqualTo(OrderBook.Outcome.IGNORED);
        assertThat(book.apply(frame(8, "update", "[{\"price\":9,\"size\":0}]"))).isEqualTo(OrderBook.Outcome.GAP);
        assertThat(book.synced()).isFalse();
        assertThat(book.apply(frame(9, "update", "[]"))).isEqualTo(OrderBook.Outcome.IGNORED);
        assertThat(book.apply(frame(8, "snapshot", "[{\"price\":8,\"size\":4}]"))).isEqualTo(OrderBook.Outcome.APPLIED);
        assertThat(book.bids()).extracting(OrderBook.Level::size).containsExactly(new BigDecimal("4"));
        assertThat(book.apply(frame(8, "snapshot", "[]"))).isEqualTo(OrderBook.Outcome.IGNORED);
    }

    @Test
    void reconnectDelaysDoubleUpToTheMaximumWithFullJitter() {
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 5);
        assertThat(policy.delay(1, () -> 0.9999)).isEqualTo(Duration.ofMillis(999));
        assertThat(policy.delay(3, () -> 0.9999)).isEqualTo(Duration.ofMillis(3999));
        assertThat(policy.delay(6, () -> 0.9999)).isEqualTo(Duration.ofMillis(4999));
        assertThat(policy.delay(2, () -> 0)).isEqualTo(Duration.ZERO);
        assertThat(ReconnectPolicy.SPEC.initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReconnectPolicy.SPEC.maxAttempts()).isEqualTo(5);
    }
}
