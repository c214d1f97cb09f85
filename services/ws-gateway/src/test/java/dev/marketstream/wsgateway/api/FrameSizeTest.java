package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves that a client message over the 64 KiB limit closes its connection with 1009 as docs/protocol.md says, whether
 * it comes as one frame (70 KB, 4 MB) or in fragments (70 KB as the Vert.x client splits it), and that another
 * connection of the same pod keeps working meanwhile. Also the check that Vert.x still reports oversized messages the
 * way {@link OversizedFrames} reads them.
 */
@QuarkusTest
class FrameSizeTest extends GatewayTestBase {

    @Test
    void closesA70KilobyteFrameWith1009() throws Exception {
        assertClosedWith1009(70_000, true);
    }

    @Test
    void closesA70KilobyteMessageInFragmentsWith1009() throws Exception {
        assertClosedWith1009(70_000, false);
    }

    @Test
    void closesA4MegabyteFrameWith1009() throws Exception {
        assertClosedWith1009(4_000_000, true);
    }

    private void assertClosedWith1009(int padding, boolean oneFrame) throws Exception {
        WsClient bystander = connect(LocalJwt.trader(Fixtures.uniqueUser("bystander")));
        bystander.awaitEvent("session");
        WsClient client = connect(LocalJwt.trader(Fixtures.uniqueUser("big")));
        client.awaitEvent("session");
        String message = "{\"event\":\"ping\",\"data\":{\"pad\":\"" + "x".repeat(padding) + "\"}}";

        if (oneFrame) {
            client.sendOneFrame(message);
        } else {
            client.send(message);
        }

        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1009);
        assertThat(client.closeReason).contains("65536 bytes");
        bystander.send(frame("ping", new JsonObject().put("client_time", 7)).put("request_id", "still-here"));
        JsonObject pong = bystander.awaitEvent("pong");
        assertThat(pong.getString("request_id")).isEqualTo("still-here");
        assertThat(pong.getJsonObject("data").getLong("client_time")).isEqualTo(7L);
    }
}
