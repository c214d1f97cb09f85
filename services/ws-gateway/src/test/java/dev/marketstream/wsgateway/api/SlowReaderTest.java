package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves backpressure per connection: a reader that stops reading gets conflated updates (latest wins,
 * seq gaps) while a fast reader on the same pod receives every update of the same stream in order.
 */
@QuarkusTest
class SlowReaderTest extends GatewayTestBase {

    static final int TICKS = 3_000;
    static final int BURST = 500;

    @Inject
    GatewayStats stats;

    @Test
    void slowReaderIsConflatedWhileFastReaderKeepsFullRate() {
        String symbol = fixtures.knownSymbol();
        // A stored latest value: its snapshot frame tells each client that live updates now flow one by one (until
        // then the gateway holds only the newest of them, by design).
        fixtures.snapshot(symbol, "0.50");
        WsClient fast = connect(LocalJwt.trader(Fixtures.uniqueUser("fast")));
        WsClient slow = connect(LocalJwt.trader(Fixtures.uniqueUser("slow")), new WsClient.Options(false, 4096));
        for (WsClient client : List.of(fast, slow)) {
            client.send(subscribeMarket(symbol));
            client.awaitEvent("subscribed");
            client.await(f -> "market_data".equals(f.getString("event")) && Boolean.TRUE.equals(f.getBoolean("snapshot")),
                    Duration.ofSeconds(15));
        }
        long conflatedBefore = stats.conflated.sum();
        slow.pause();
        // Bursts the fast reader can take in even on a busy machine (a burst stays below the outbox's in-flight
        // limit); the paused reader falls further behind with every burst.
        List<JsonObject> fastTicks = new ArrayList<>();
        for (int from = 1; from <= TICKS; from += BURST) {
            int to = from + BURST - 1;
            for (int i = from; i <= to; i++) {
                fixtures.producePrice(symbol, i + ".00");
            }
            fixtures.flush();
            fastTicks.addAll(collect(fast, symbol, f -> priceIs(f, to)));
        }
        assertThat(fastTicks).hasSize(TICKS);
        for (int i = 0; i < TICKS; i++) {
            assertThat(new BigDecimal(fastTicks.get(i).getJsonObject("data").getValue("price").toString())).isEqualByComparingTo(String.valueOf(i + 1));
        }
        assertThat(stats.conflated.sum()).isGreaterThan(conflatedBefore);

        slow.resume();
        List<JsonObject> slowTicks = collect(slow, symbol, f -> fastDone(f));
        assertThat(slowTicks.size()).isLessThan(TICKS);
        assertThat(slowTicks).isSortedAccordingTo((a, b) -> Long.compare(a.getLong("seq"), b.getLong("seq")));
        assertThat(slow.isClosed()).isFalse();
    }

    private static boolean fastDone(JsonObject frame) {
        return priceIs(frame, TICKS);
    }

    private static boolean priceIs(JsonObject frame, int price) {
        return new BigDecimal(frame.getJsonObject("data").getValue("price").toString()).compareTo(BigDecimal.valueOf(price)) == 0;
    }

    private static List<JsonObject> collect(WsClient client, String symbol, java.util.function.Predicate<JsonObject> last) {
        List<JsonObject> ticks = new ArrayList<>();
        client.await(f -> {
            if (!(symbol + ":price").equals(f.getString("stream")) || Boolean.TRUE.equals(f.getBoolean("snapshot"))) {
                return false;
            }
            ticks.add(f);
            return last.test(f);
        }, Duration.ofSeconds(60));
        return ticks;
    }
}
