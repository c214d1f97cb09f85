package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.ChildProcess;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.LocalStack;
import dev.marketstream.testing.PackagedApp;
import dev.marketstream.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves the packaged gateway's shutdown is bounded by {@code gateway.shutdown.timeout} when Kafka, Redis and its
 * PostgreSQL pool are all unreachable (loopback ports where nothing listens; Flyway still migrates at startup): a client
 * is told to reconnect (1012), the process exits within the setting plus a little slack, and its log names what it
 * gave up on (the connection records it could not write).
 */
class UnreachableServersShutdownIT {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    /** JVM exit after the last step, and a busy shared machine. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    @Test
    void exitsWithinTheShutdownTimeoutWithKafkaRedisAndPostgresUnreachable() throws Exception {
        List<Integer> dead = unusedLoopbackPorts(3);
        try (PackagedApp gateway = PackagedApp.startLive("ws-gateway", Map.of(
                "gateway.pod-id", "unreachable-it-" + System.nanoTime(),
                "gateway.shutdown.timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s",
                "gateway.warm-up.connections", "0",
                "kafka.bootstrap.servers", "127.0.0.1:" + dead.get(0),
                "quarkus.redis.hosts", "redis://127.0.0.1:" + dead.get(1),
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + dead.get(2) + "/marketstream_test",
                "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl()))) {
            try (WsClient client = WsClient.connect(gateway.ws("/ws"), LocalJwt.trader("unreachable-it-" + System.nanoTime()))) {
                client.awaitEvent("session");

                long signalled = System.nanoTime();
                gateway.terminate(); // SIGTERM to this child's PID

                assertThat(client.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1012);
                assertThat(gateway.awaitExit(SHUTDOWN_TIMEOUT.plus(SLACK))).as("exited within the shutdown timeout; log:%n%s", gateway.log())
                        .isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(SHUTDOWN_TIMEOUT.plus(SLACK));
                assertThat(gateway.log()).containsPattern("gave up on [0-9]+ connection records PostgreSQL did not take|gave up on .*halting now");
            }
        }
    }

    /** Loopback ports where nothing listens: connections to them are refused at once. */
    private static List<Integer> unusedLoopbackPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && ports.size() < count; attempt++) {
            int port = ChildProcess.freePort();
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        assertThat(ports).hasSize(count);
        return ports;
    }
}
