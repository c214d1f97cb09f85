package dev.marketstream.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.gateway.support.Fixtures;
import dev.marketstream.gateway.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Proves a client that goes silent (answers no pings, sends nothing) is closed with 1001 after the idle
 * timeout (4 s in tests). The client is a raw socket speaking the handshake, so nothing answers pings for it.
 */
@QuarkusTest
class IdleTimeoutTest extends GatewayTestBase {

    @Test
    void closesSilentClientAfterIdleTimeout() throws Exception {
        try (Socket socket = new Socket(ws.getHost(), ws.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: " + ws.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + TestTokens.trader(Fixtures.uniqueUser("idle")) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readLine(in)).startsWith("HTTP/1.1 101");
            while (!readLine(in).isEmpty()) {
                // skip the response headers
            }
            int closeCode = -1;
            while (closeCode < 0) {
                int opcode = in.read() & 0x0F;
                int length = in.read() & 0x7F;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                }
                byte[] payload = in.readNBytes(length);
                if (opcode == 0x8) {
                    closeCode = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                }
            }
            assertThat(closeCode).isEqualTo(1001);
        }
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
