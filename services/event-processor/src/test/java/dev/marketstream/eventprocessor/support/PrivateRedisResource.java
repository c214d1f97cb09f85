package dev.marketstream.eventprocessor.support;

import dev.marketstream.testing.ChildProcess;
import dev.marketstream.testing.RedisProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A redis-server of the test's own on a free loopback port (the shared one on 6379 is never stopped),
 * with an append-only file fsynced on every write, so the test can stop it (SIGTERM to its PID) and
 * start it again on the same data, as a Redis pod restart with persistence would.
 */
public class PrivateRedisResource implements QuarkusTestResourceLifecycleManager {

    public static final String GROUP = "event-processor-it-" + TestRun.ID;
    public static final String STREAM = TestRun.stream("it");

    private static int port;
    private static Path dataDir;
    private static ChildProcess server;

    public static String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> start() {
        port = ChildProcess.freePort();
        try {
            dataDir = Files.createTempDirectory("event-processor-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer();
        Map<String, String> config = new java.util.HashMap<>(PipelineTestResource.appConfig(GROUP, STREAM));
        config.put("quarkus.redis.hosts", uri());
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/marketstream_test");
        return config;
    }

    @Override
    public void stop() {
        stopServer();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** Starts the server (again) on the same port and data directory, and waits until it answers. */
    public static synchronized void startServer() {
        server = ChildProcess.start("redis-server", List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--dir", dataDir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always"),
                Map.of(), dataDir.resolve("redis.log"));
        server.awaitReady(Duration.ofSeconds(20), () -> {
            try (RedisProbe probe = new RedisProbe(uri())) {
                return "PONG".equals(probe.send(Command.PING).toString());
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    /** Stops the server with SIGTERM to its PID (it flushes the append-only file) and waits for it to exit. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.stop(Duration.ofSeconds(20));
            server = null;
        }
    }
}
