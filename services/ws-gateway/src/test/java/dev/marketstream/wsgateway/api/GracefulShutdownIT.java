package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.LocalStack;
import dev.marketstream.testing.PackagedApp;
import dev.marketstream.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves the packaged gateway, on SIGTERM, stops accepting (503), tells its clients to reconnect elsewhere (1012), drains and exits. */
class GracefulShutdownIT {

    @Test
    void sigtermRefusesNewClientsClosesOpenOnesWith1012AndExits() throws Exception {
        try (PackagedApp gateway = PackagedApp.start("ws-gateway", Map.of(
                "gateway.pod-id", "shutdown-it-" + System.nanoTime(),
                // long enough for the test to see that new upgrades are refused while the pod drains
                "quarkus.shutdown.delay", "5s",
                "gateway.warm-up.connections", "0",
                "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl()))) {
            String user = "shutdown-it-" + System.nanoTime();
            try (WsClient first = WsClient.connect(gateway.ws("/ws"), LocalJwt.trader(user));
                    WsClient second = WsClient.connect(gateway.ws("/ws"), LocalJwt.trader(user))) {
                first.awaitEvent("session");
                second.awaitEvent("session");

                gateway.terminate(); // SIGTERM to this child's PID

                assertThat(first.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1012);
                assertThat(second.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1012);
                assertThat(first.closeReason).contains("reconnect");
                assertThat(WsClient.refusedStatus(WsClient.connectOptions(gateway.ws("/ws")))).as("upgrade while draining").isEqualTo(503);
                assertThat(gateway.awaitExit(Duration.ofSeconds(60))).as("process exited").isTrue();
                assertThat(gateway.log()).contains("shutdown: told 2 clients to reconnect (1012); 0 still open");
            }
        }
    }
}
