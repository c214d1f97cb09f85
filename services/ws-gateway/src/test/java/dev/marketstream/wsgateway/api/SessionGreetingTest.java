package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every connection gets its {@code session} frame, which the gateway writes right behind the 101 response. Many short
 * connections in a row, because a client that loses that frame does so rarely (the test client once lost 2-3 %).
 */
@QuarkusTest
class SessionGreetingTest extends GatewayTestBase {

    private static final int CONNECTIONS = 500;

    @Test
    void everyConnectionGetsItsSessionFrame() {
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            try (WsClient client = WsClient.connect(ws, LocalJwt.trader(Fixtures.uniqueUser("greeting")))) {
                client.await(frame -> "session".equals(frame.getString("event")), Duration.ofSeconds(3));
            } catch (AssertionError missing) {
                lost.add(missing.getMessage());
            }
        }
        assertThat(lost).as("connections without a session frame").isEmpty();
    }
}
