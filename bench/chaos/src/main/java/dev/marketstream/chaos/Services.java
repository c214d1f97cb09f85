package dev.marketstream.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The platform's services as packaged jars, one OS process each, pointed at the suite's own servers: started, killed
 * with SIGKILL and started again as an orchestrator would. Each process's pid goes to {@code <runtime>/chaos-pids} so
 * that {@code bench/chaos/run} can end whatever is left, also when this JVM dies.
 */
final class Services {

    /**
     * A service of the suite: its module, HTTP port and its own system properties; {@code host} is where it is reached
     * and {@code launcher} what runs its {@code java} command (empty, or {@code ip netns exec <ns>}).
     */
    record Spec(String name, String module, int port, List<String> properties, String host, List<String> launcher) {

        Spec(String name, String module, int port, List<String> properties) {
            this(name, module, port, properties, "127.0.0.1", List.of());
        }
    }

    /** The network namespace of {@code bench/chaos/netns} and the address its pod is reached at. */
    static final String NAMESPACE = "chaos-gw";
    static final String NAMESPACE_HOST = "10.213.0.6";

    static final String INGEST = "market-ingest";
    static final String PROCESSOR = "stream-processor";
    static final String EVENT_PROCESSOR = "event-processor";
    static final String GATEWAY_A = "ws-gateway-a";
    static final String GATEWAY_B = "ws-gateway-b";
    private static final String NO_WARM_UP = "-Dgateway.warm-up.connections=0";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path root;
    private final Path runtime;
    private final Path logs;
    private final Path archives;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code isolateGatewayB}: run gateway pod b inside {@link #NAMESPACE}, so its network can be cut. */
    Services(Path root, Path runtime, Path logs, int ticksPerSecond, int symbols, boolean isolateGatewayB) {
        this.root = root;
        this.runtime = runtime;
        this.logs = logs;
        this.archives = runtime.resolve("class-archives");
        add(new Spec(PROCESSOR, "stream-processor", 19082, List.of("-Dkafka-streams.state.dir=" + runtime.resolve("kafka-streams"))));
        add(new Spec(EVENT_PROCESSOR, "event-processor", 19083, List.of()));
        // No connect-path warm-up: it holds a started gateway out of readiness for ~20 s on purpose (its clients are
        // served by the other pod meanwhile), which the recovery time's "services ready" would count (docs/reliability.md).
        add(new Spec(GATEWAY_A, "ws-gateway", 19080, List.of("-Dgateway.pod-id=chaos-a", NO_WARM_UP)));
        add(isolateGatewayB
                ? new Spec(GATEWAY_B, "ws-gateway", 19090, List.of("-Dgateway.pod-id=chaos-b", NO_WARM_UP), NAMESPACE_HOST,
                        List.of("ip", "netns", "exec", NAMESPACE))
                : new Spec(GATEWAY_B, "ws-gateway", 19090, List.of("-Dgateway.pod-id=chaos-b", NO_WARM_UP)));
        add(new Spec(INGEST, "market-ingest", 19081, List.of("-Dingest.synthetic.ticks-per-second=" + ticksPerSecond,
                "-Dingest.synthetic.symbols=" + symbols, "-Dingest.synthetic.step=50ms")));
    }

    private void add(Spec spec) {
        specs.put(spec.name(), spec);
    }

    List<String> names() {
        return List.copyOf(specs.keySet());
    }

    /** host:port of a service's HTTP server. */
    String address(String name) {
        return spec(name).host() + ":" + spec(name).port();
    }

    /**
     * Records a class-data-sharing archive per module (JDK AppCDS, {@code -XX:ArchiveClassesAtExit}): each module is
     * started once, without load, until ready, then stopped; every later start maps the archive instead of loading and
     * verifying its classes again. A restart after a kill then costs about a quarter less CPU, which on 2 shared cores
     * is what its start-up waits for (measured: ws-gateway 6.0 → 4.4–5.1 CPU-s). The production images are GraalVM
     * native executables, which start in milliseconds; the archive brings these JVM stand-ins closer to them.
     */
    void recordClassArchives() throws IOException, InterruptedException {
        Map<String, String> trainees = new LinkedHashMap<>(); // module -> the service started to record it
        specs.values().forEach(spec -> trainees.putIfAbsent(spec.module(), spec.name()));
        Files.createDirectories(archives);
        for (Map.Entry<String, String> trainee : trainees.entrySet()) {
            Path archive = classArchive(trainee.getKey());
            Files.deleteIfExists(archive);
            // the feed stays off: ticks written now would belong to no fault's window
            start(trainee.getValue(), List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dingest.synthetic.enabled=false"));
        }
        for (String name : trainees.values()) {
            awaitReady(name, READY_TIMEOUT);
        }
        for (String name : trainees.values()) {
            stop(name); // the archive is written at a normal exit
        }
    }

    private Path classArchive(String module) {
        return archives.resolve(module + ".jsa");
    }

    /** Starts every service, all at once, and waits until each is ready. */
    void startAll() throws IOException, InterruptedException {
        for (String name : specs.keySet()) {
            start(name, List.of());
        }
        for (String name : specs.keySet()) {
            awaitReady(name, READY_TIMEOUT);
        }
    }

    /** Starts one service with extra system properties (e.g. a fault to inject); does not wait. */
    void start(String name, List<String> extraProperties) throws IOException {
        Spec spec = spec(name);
        Path jar = root.resolve("services").resolve(spec.module()).resolve("target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(spec.launcher());
        command.addAll(List.of("java", "-Xmx384m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + spec.port()));
        Path archive = classArchive(spec.module());
        if (Files.exists(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(spec.properties());
        command.addAll(extraProperties);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(runtime.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        env.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:19379");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:19432/marketstream");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:19432/marketstream");
        env.put("MARKETSTREAM_RUNTIME", runtime.toString());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + runtime.resolve("jwt/publicKey.pem"));
        env.put("INGEST_PROVIDER_TOKEN", "chaos-provider");
        Process process = builder.start();
        running.put(name, process);
        Path pids = runtime.resolve("chaos-pids");
        Files.createDirectories(pids);
        Files.writeString(pids.resolve(name + ".pid"), Long.toString(process.pid()));
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill(String name) throws InterruptedException {
        Process process = running.get(name);
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 10 s");
        }
    }

    /** Waits until the process exits by itself (e.g. an injected halt); false when it still runs after {@code timeout}. */
    boolean awaitExit(String name, Duration timeout) throws InterruptedException {
        return running.get(name).waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM to every service, then SIGKILL to any still there after 30 s. */
    void stopAll() {
        running.values().forEach(Process::destroy);
        for (Process process : running.values()) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** SIGTERM to one service, waiting up to 30 s for it to exit. */
    void stop(String name) throws InterruptedException {
        Process process = running.get(name);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    boolean ready(String name) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address(name) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean allReady() {
        return specs.keySet().stream().allMatch(this::ready);
    }

    void awaitReady(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(name)) {
            if (!running.get(name).isAlive()) {
                throw new IllegalStateException(name + " exited with " + running.get(name).exitValue() + "; see " + logs.resolve(name + ".log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + logs.resolve(name + ".log"));
            }
            Thread.sleep(250);
        }
    }

    private Spec spec(String name) {
        Spec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no service " + name + "; services: " + specs.keySet());
        }
        return spec;
    }
}
