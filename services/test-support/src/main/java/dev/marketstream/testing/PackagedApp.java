package dev.marketstream.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's packaged jar ({@code services/<name>/target/quarkus-app/quarkus-run.jar}) run as a child
 * process on a free port against the local stack, so a test can run several services, or two
 * instances of one, and signal exactly that process. Stopped by its own PID only.
 */
public final class PackagedApp implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private PackagedApp(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service with the given configuration properties and waits until it reports ready. */
    public static PackagedApp start(String service, Map<String, String> properties) {
        try {
            int port = freePort();
            Path jar = LocalStack.repositoryRoot().resolve("services").resolve(service)
                    .resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + jar + ": package " + service + " first");
            }
            Map<String, String> config = new TreeMap<>(properties);
            config.put("quarkus.http.port", Integer.toString(port));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
            config.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", jar.toString()));
            Path log = Files.createTempFile(service + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MARKETSTREAM_RUNTIME", LocalStack.runtime().toString());
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", LocalStack.kafkaBootstrapServers());
            PackagedApp app = new PackagedApp(service, builder.start(), log, port);
            app.awaitReady();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        await(name + " ready").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                return http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public int port() {
        return port;
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM to this process only, as Kubernetes does when it stops a pod; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; true if it did within the time. */
    public boolean awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** What the process printed so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Ends the process as Kubernetes would: SIGTERM, then SIGKILL after the grace period. */
    @Override
    public void close() {
        terminate();
        try {
            if (!awaitExit(Duration.ofSeconds(30))) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
