package dev.marketstream.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.gateway.support.PackagedGateway;
import dev.marketstream.gateway.support.TestTokens;
import dev.marketstream.gateway.support.WsClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves the packaged gateway, on SIGTERM, stops accepting (503), tells its clients to reconnect elsewhere (1012), drains and exits. */
class GracefulShutdownIT {

    @Test
    void sigtermRefusesNewClientsClosesOpenOnesWith1012AndExits() throws Exception {
        try (PackagedGateway gateway = PackagedGateway.start()) {
            String user = "shutdown-it-" + System.nanoTime();
            try (WsClient first = WsClient.connect(gateway.ws(), TestTokens.trader(user));
                    WsClient second = WsClient.connect(gateway.ws(), TestTokens.trader(user))) {
                first.awaitEvent("session");
                second.awaitEvent("session");

                gateway.process().destroy(); // SIGTERM to this child's PID

                assertThat(first.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1012);
                assertThat(second.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1012);
                assertThat(first.closeReason).contains("reconnect");
                assertThat(WsClient.refusedStatus(WsClient.connectOptions(gateway.ws()))).as("upgrade while draining").isEqualTo(503);
                assertThat(gateway.process().waitFor(60, TimeUnit.SECONDS)).as("process exited").isTrue();
                assertThat(gateway.log()).contains("shutdown: told 2 clients to reconnect (1012); 0 still open");
            }
        }
    }
}
