package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.support.Fixtures;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Proves a client that goes silent (answers no pings, sends nothing) is pinged (every second in tests) and closed with
 * 1001 after the idle timeout (4 s in tests) once two pings went unanswered, while a quiet client that answers the
 * pings stays connected. The silent
 * client is a raw socket speaking the handshake, so nothing answers pings for it. Each read is bounded by the socket
 * timeout, set to what is left of one deadline; a connection dropped without a close frame fails the test instead of
 * reading end-of-stream forever.
 */
@QuarkusTest
class IdleTimeoutTest extends GatewayTestBase {

    /** Far above the idle timeout plus a sweep, for a busy machine. */
    static final Duration CLOSE_WITHIN = Duration.ofSeconds(30);

    @Test
    void closesSilentClientAfterIdleTimeout() throws Exception {
        try (Socket socket = new Socket(ws.getHost(), ws.getPort())) {
            socket.setSoTimeout((int) CLOSE_WITHIN.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: " + ws.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + LocalJwt.trader(Fixtures.uniqueUser("idle")) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readLine(in)).startsWith("HTTP/1.1 101");
            while (!readLine(in).isEmpty()) {
                // skip the response headers
            }
            long deadline = System.nanoTime() + CLOSE_WITHIN.toNanos();
            int closeCode = -1;
            int pings = 0;
            while (closeCode < 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("no close frame within " + CLOSE_WITHIN);
                }
                socket.setSoTimeout((int) left);
                int opcode = readByte(in) & 0x0F;
                long length = readByte(in) & 0x7F;
                if (length == 126) {
                    length = (readByte(in) << 8) | readByte(in);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte(in);
                    }
                }
                byte[] payload = readExactly(in, length);
                if (opcode == 0x9) {
                    pings++;
                }
                if (opcode == 0x8) {
                    assertThat(payload).as("close frame payload").hasSizeGreaterThanOrEqualTo(2);
                    closeCode = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                }
            }
            assertThat(closeCode).isEqualTo(1001);
            assertThat(pings).as("pings before the idle close").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void keepsAQuietClientThatAnswersPings() throws Exception {
        WsClient quiet = connect(LocalJwt.trader(Fixtures.uniqueUser("quiet")));
        quiet.awaitEvent("session");
        Thread.sleep(7_000);
        assertThat(quiet.isClosed()).as("closed after %s: %s", quiet.closeCode.getNow(null), quiet.closeReason).isFalse();
    }

    /** One byte of a frame; the server dropping the TCP connection mid-wait is a failure, not a byte. */
    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new AssertionError("the server closed the TCP connection without a close frame");
        }
        return b;
    }

    private static byte[] readExactly(InputStream in, long length) throws IOException {
        if (length > 1 << 20) {
            throw new AssertionError("frame of " + length + " bytes: not a frame this test expects");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new AssertionError("the server closed the TCP connection in the middle of a frame");
        }
        return payload;
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
