package dev.marketstream.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The faults of the suite, in the order they run. Each injects its fault and ends it (restarts what it killed, as an
 * orchestrator would; starts what it stopped) and returns when the fault ended: for a killed service the moment it is
 * started again (its start-up counts into the recovery), for a server the moment it answers again.
 */
final class Faults {

    /** One fault: what it does, in words for the table, and how. */
    record Fault(String name, String description, Action action) {
    }

    @FunctionalInterface
    interface Action {
        /** Injects the fault, ends it, and returns the time (ms) it ended. */
        long run() throws Exception;
    }

    /** How long a killed service stays down before it is started again. */
    static final Duration SERVICE_DOWN = Duration.ofSeconds(3);
    /** How long a stopped server stays down. */
    static final Duration SERVER_DOWN = Duration.ofSeconds(5);

    /** The fault that needs gateway pod b in a network namespace. */
    static final String NETWORK_CUT = "cut-gateway-network";
    /** How long the network cut lasts. */
    static final Duration CUT = Duration.ofSeconds(10);

    private final Services services;
    private final Path scripts;

    /** {@code scripts}: the directory of {@code servers} and {@code netns}. */
    Faults(Services services, Path scripts) {
        this.services = services;
        this.scripts = scripts;
    }

    Map<String, Fault> all() {
        Map<String, Fault> faults = new LinkedHashMap<>();
        add(faults, kill("kill-ingest", Services.INGEST));
        add(faults, kill("kill-processor", Services.PROCESSOR));
        add(faults, kill("kill-event-processor", Services.EVENT_PROCESSOR));
        add(faults, new Fault("halt-event-processor", "event-processor halts (JVM halt, as SIGKILL) between delivering a user "
                + "event and its XACK (`event-processor.fault.halt-before-ack`); restarted after " + SERVICE_DOWN.toSeconds() + " s",
                this::haltEventProcessorBeforeAck));
        add(faults, kill("kill-gateway", Services.GATEWAY_B));
        add(faults, server("restart-kafka", "kafka", "Kafka broker"));
        add(faults, server("restart-redis", "redis", "Redis"));
        add(faults, server("restart-postgres", "postgres", "PostgreSQL"));
        add(faults, new Fault(NETWORK_CUT, "the network between gateway pod b and Kafka, Redis and PostgreSQL cut for "
                + CUT.toSeconds() + " s (its veth down in a network namespace; its clients still reach it)", () -> {
            script("netns", "cut");
            Thread.sleep(CUT.toMillis());
            script("netns", "heal");
            return System.currentTimeMillis();
        }));
        return faults;
    }

    private static void add(Map<String, Fault> faults, Fault fault) {
        faults.put(fault.name(), fault);
    }

    private Fault kill(String name, String service) {
        String what = service.startsWith("ws-gateway") ? "one of two gateway pods (" + service + ")" : service;
        return new Fault(name, "kill -9 " + what + "; restarted after " + SERVICE_DOWN.toSeconds() + " s", () -> {
            services.kill(service);
            Thread.sleep(SERVICE_DOWN.toMillis());
            services.start(service, List.of());
            return System.currentTimeMillis();
        });
    }

    private Fault server(String name, String server, String label) {
        return new Fault(name, label + " stopped cleanly, down " + SERVER_DOWN.toSeconds() + " s, started again", () -> {
            script("servers", "stop", server);
            Thread.sleep(SERVER_DOWN.toMillis());
            script("servers", "start", server);
            return System.currentTimeMillis();
        });
    }

    /**
     * Replaces the event-processor with one that halts right after its first delivery round and before the XACK, then
     * starts a normal one: the entries it delivered stay pending and must not reach the users a second time.
     */
    private long haltEventProcessorBeforeAck() throws Exception {
        services.stop(Services.EVENT_PROCESSOR);
        services.start(Services.EVENT_PROCESSOR, List.of("-Devent-processor.fault.halt-before-ack=true"));
        if (!services.awaitExit(Services.EVENT_PROCESSOR, Duration.ofSeconds(90))) {
            throw new IllegalStateException("the event-processor with halt-before-ack did not halt within 90 s");
        }
        Thread.sleep(SERVICE_DOWN.toMillis());
        services.start(Services.EVENT_PROCESSOR, List.of());
        return System.currentTimeMillis();
    }

    private void script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(scripts.resolve(name).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("bench/chaos/" + name + " " + String.join(" ", args) + " failed");
        }
    }
}
