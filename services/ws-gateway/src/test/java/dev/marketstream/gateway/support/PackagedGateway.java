package dev.marketstream.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) started as a child process on a free port
 * against the local stack (test database), so a test can signal that very process. Stopped by its own PID only.
 */
public final class PackagedGateway implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedGateway(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar and waits until it reports ready. */
    public static PackagedGateway start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("ws-gateway-packaged", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dgateway.pod-id=packaged-" + System.nanoTime(),
                // long enough for a test to see that new upgrades are refused while the pod drains
                "-Dquarkus.shutdown.delay=5s",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/marketstream_test",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/marketstream_test",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedGateway gateway = new PackagedGateway(process, log, port);
        HttpClient http = HttpClient.newHttpClient();
        await("packaged gateway ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the packaged gateway exited: " + gateway.log());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return gateway;
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public Process process() {
        return process;
    }

    /** What the process printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
