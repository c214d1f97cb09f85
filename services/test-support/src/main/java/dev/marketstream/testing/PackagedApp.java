package dev.marketstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    private final ChildProcess process;
    private final int port;

    private PackagedApp(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service with the given configuration properties and waits until it reports ready. */
    public static PackagedApp start(String service, Map<String, String> properties) {
        return start(service, properties, "/q/health/ready");
    }

    /**
     * Starts the service and waits only until it reports live: for a service whose servers are unreachable on purpose,
     * which never gets ready.
     */
    public static PackagedApp startLive(String service, Map<String, String> properties) {
        return start(service, properties, "/q/health/live");
    }

    private static PackagedApp start(String service, Map<String, String> properties, String healthPath) {
        int port = ChildProcess.freePort();
        Path jar = LocalStack.repositoryRoot().resolve("services").resolve(service)
                .resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": package " + service + " first");
        }
        Map<String, String> config = new TreeMap<>(properties);
        config.put("quarkus.http.port", Integer.toString(port));
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx384m"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log;
        try {
            log = Files.createTempFile(service + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess process = ChildProcess.start(service, command, Map.of(
                "MARKETSTREAM_RUNTIME", LocalStack.runtime().toString(),
                "KAFKA_BOOTSTRAP_SERVERS", LocalStack.kafkaBootstrapServers()), log);
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + healthPath);
        process.awaitReady(Duration.ofSeconds(180), () -> {
            try {
                return http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return new PackagedApp(process, port);
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
        process.terminate();
    }

    /** Waits for the process to end; true if it did within the time. */
    public boolean awaitExit(Duration atMost) throws InterruptedException {
        return process.awaitExit(atMost);
    }

    /** What the process printed so far, for failure messages. */
    public String log() {
        return process.log();
    }

    /** Ends the process as Kubernetes would: SIGTERM, then SIGKILL after the grace period. */
    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(process.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
