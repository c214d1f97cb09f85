package dev.marketstream.chaos;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The chaos suite's driver (run by {@code bench/chaos/run}, which starts the suite's own servers first): starts the
 * packaged services against those servers, puts load on them (the synthetic feed, trading alerts published to Kafka,
 * SDK clients on both gateway pods), then injects each fault in turn, one after another with a recovery window, and
 * measures per fault what was lost, what was delivered twice and how long the platform took to serve every client
 * again. Writes the results table to {@code <out>/results.md}; exits 1 when an expectation failed.
 *
 * <p>Arguments: {@code <repository root> <runtime dir> <out dir> [fault...]} (no fault named: all of them).
 */
public final class ChaosSuite {

    static final String BOOTSTRAP = "127.0.0.1:19092";
    static final int TICKS_PER_SECOND = 300;
    static final int SYMBOLS = 20;
    static final int ALERTS_PER_SECOND = 20;
    static final List<String> USERS = List.of("chaos-u0", "chaos-u1", "chaos-u2", "chaos-u3");
    /**
     * Load and no fault before the first fault: the baseline row. Its first 30 s let the JIT compilers settle, so the
     * first faults hit a platform that has been serving, as in production, not one still compiling its hot paths.
     */
    static final Duration BASELINE = Duration.ofSeconds(45);
    /** How long a fault's recovery is waited for, from the fault's end. */
    static final Duration RECOVERY_WINDOW = Duration.ofSeconds(45);
    /** Load without faults after a recovery, before the next fault. */
    static final Duration QUIET = Duration.ofSeconds(5);

    private final Path root;
    private final Path runtime;
    private final Path out;
    private final List<String> wanted;
    private final Services services;
    private final AlertPublisher publisher = new AlertPublisher(BOOTSTRAP, USERS);
    private final List<Observer> observers = new ArrayList<>();

    private ChaosSuite(Path root, Path runtime, Path out, List<String> wanted) {
        this.root = root;
        this.runtime = runtime;
        this.out = out;
        this.wanted = wanted;
        this.services = new Services(root, runtime, out, TICKS_PER_SECOND, SYMBOLS,
                wanted.isEmpty() || wanted.contains(Faults.NETWORK_CUT));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ChaosSuite <repository root> <runtime dir> <out dir> [fault...]");
            System.exit(2);
        }
        ChaosSuite suite = new ChaosSuite(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Arrays.asList(args).subList(3, args.length));
        Runtime.getRuntime().addShutdownHook(new Thread(suite.services::stopAll));
        boolean passed = suite.run();
        System.exit(passed ? 0 : 1);
    }

    /** A window of the run: the fault (or the baseline) and what was measured while it lasted. */
    private record Window(Faults.Fault fault, long startMillis, int duplicatesBefore, Recovery recovery, String notes) {
    }

    private boolean run() throws Exception {
        Map<String, Faults.Fault> all = new Faults(services, root.resolve("bench/chaos")).all();
        for (String name : wanted) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("no fault " + name + "; faults: " + all.keySet());
            }
        }
        List<Faults.Fault> faults = wanted.isEmpty() ? List.copyOf(all.values()) : wanted.stream().map(all::get).toList();
        log("recording each service's class-data-sharing archive (one start without load)");
        services.recordClassArchives();
        log("starting the services from their packaged jars");
        services.startAll();
        List<String> symbols = symbols();
        for (int i = 0; i < USERS.size(); i++) {
            Observer observer = new Observer(USERS.get(i), publisher.sentAt);
            // half the users on each pod; each client knows both, as a load balancer would offer them
            List<URI> gateways = i % 2 == 0 ? List.of(gateway(Services.GATEWAY_A), gateway(Services.GATEWAY_B))
                    : List.of(gateway(Services.GATEWAY_B), gateway(Services.GATEWAY_A));
            String user = USERS.get(i);
            observer.connect(gateways, () -> token(user), symbols);
            observers.add(observer);
        }
        publisher.start(ALERTS_PER_SECOND);
        log("load running: synthetic feed " + TICKS_PER_SECOND + " ticks/s over " + SYMBOLS + " symbols, " + ALERTS_PER_SECOND
                + " alerts/s over " + USERS.size() + " users, SDK clients subscribed to " + symbols);

        List<Window> windows = new ArrayList<>();
        windows.add(measure(new Faults.Fault("baseline", "no fault (load only)", () -> {
            Thread.sleep(BASELINE.toMillis());
            return System.currentTimeMillis();
        })));
        for (Faults.Fault fault : faults) {
            windows.add(measure(fault));
        }
        List<Row> rows = settleAndAudit(windows);
        return report(rows);
    }

    /** Injects one fault and waits for the recovery: fresh market data and fresh alerts at every client, every service ready. */
    private Window measure(Faults.Fault fault) throws Exception {
        long start = System.currentTimeMillis();
        int duplicatesBefore = duplicates();
        int gapsBefore = observers.stream().mapToInt(Observer::marketGaps).sum();
        int reconnectsBefore = observers.stream().mapToInt(Observer::reconnects).sum();
        log(fault.name() + ": " + fault.description());
        long end = fault.action().run();
        observers.forEach(o -> o.mark(end));
        long deadline = end + RECOVERY_WINDOW.toMillis();
        long readyAt = -1;
        long clientsAt = -1;
        while (System.currentTimeMillis() < deadline && (readyAt < 0 || clientsAt < 0)) {
            if (readyAt < 0 && services.allReady()) {
                readyAt = System.currentTimeMillis() - end;
            }
            if (clientsAt < 0 && observers.stream().allMatch(o -> o.marketRecoveryMillis() >= 0 && o.alertRecoveryMillis() >= 0)) {
                clientsAt = observers.stream().mapToLong(o -> Math.max(o.marketRecoveryMillis(), o.alertRecoveryMillis())).max().orElse(0);
            }
            Thread.sleep(200);
        }
        Recovery recovery = new Recovery(clientsAt, readyAt);
        String notes = String.format(Locale.ROOT, "client reconnects %d; market seq gaps %d (superseded values, documented)",
                observers.stream().mapToInt(Observer::reconnects).sum() - reconnectsBefore,
                observers.stream().mapToInt(Observer::marketGaps).sum() - gapsBefore);
        if (clientsAt < 0 || readyAt < 0) {
            notes += "; still waiting for: " + waitingFor();
        }
        log(fault.name() + ": recovery " + recovery + "; " + notes);
        Thread.sleep(QUIET.toMillis());
        return new Window(fault, start, duplicatesBefore, recovery, notes);
    }

    private String waitingFor() {
        List<String> missing = new ArrayList<>();
        services.names().stream().filter(name -> !services.ready(name)).forEach(name -> missing.add(name + " not ready"));
        for (Observer o : observers) {
            if (o.marketRecoveryMillis() < 0) {
                missing.add(o.user + " market data (" + o.state() + ")");
            }
            if (o.alertRecoveryMillis() < 0) {
                missing.add(o.user + " alerts (" + o.state() + ")");
            }
        }
        return String.join(", ", missing);
    }

    /**
     * Stops the load, waits until every acknowledged alert arrived (or 60 s), lets the processor drain the feed's
     * last ticks, and counts per window what was lost or duplicated.
     */
    private List<Row> settleAndAudit(List<Window> windows) throws Exception {
        long loadStopped = System.currentTimeMillis();
        services.stop(Services.INGEST);
        publisher.stop();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && missingAlerts(0, Long.MAX_VALUE) > 0) {
            Thread.sleep(500);
        }
        int totalDuplicates = duplicates();
        logMissingAlerts();
        log("load stopped; " + missingAlerts(0, Long.MAX_VALUE) + " acknowledged alerts missing, " + publisher.failed()
                + " refused by Kafka; letting the processor drain the feed's last ticks");
        TickAudit audit = new TickAudit(BOOTSTRAP);
        long behind = audit.awaitProcessorCaughtUp(Services.PROCESSOR, Duration.ofSeconds(90));
        log(behind == 0 ? "the processor has committed every tick" : "the processor is still " + behind + " records behind after 90 s");
        List<TickAudit.Window> ticks = audit.audit(windows.stream().map(Window::startMillis).toList());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            long from = w.startMillis();
            long to = i + 1 < windows.size() ? windows.get(i + 1).startMillis() : loadStopped;
            int duplicatesAfter = i + 1 < windows.size() ? windows.get(i + 1).duplicatesBefore() : totalDuplicates;
            long alerts = publisher.acknowledged.values().stream().filter(p -> p.sentMillis() >= from && p.sentMillis() < to).count();
            TickAudit.Window t = ticks.get(i);
            double seconds = (to - from) / 1000.0;
            String load = String.format(Locale.ROOT, "%.0f ticks/s (trades %.0f/s), %.0f alerts/s, %d clients, %.0f s",
                    t.ticks() / seconds, t.trades() / seconds, alerts / seconds, observers.size(), seconds);
            rows.add(new Row(w.fault().name(), w.fault().description(), load, t.trades(), t.lost(), t.duplicated(), t.deadLettered(),
                    alerts, missingAlerts(from, to), duplicatesAfter - w.duplicatesBefore(), w.recovery(), w.notes()));
        }
        return rows;
    }

    private long missingAlerts(long fromMillis, long toMillis) {
        return publisher.acknowledged.entrySet().stream()
                .filter(e -> e.getValue().sentMillis() >= fromMillis && e.getValue().sentMillis() < toMillis)
                .filter(this::missing)
                .count();
    }

    /** An acknowledged alert its user's client has not received. */
    private boolean missing(Map.Entry<String, AlertPublisher.Published> alert) {
        String user = alert.getValue().user();
        return observers.stream().filter(o -> o.user.equals(user)).noneMatch(o -> o.received(alert.getKey()));
    }

    /** Names the first missing alerts, for whoever looks into a loss: id, user, when it was sent. */
    private void logMissingAlerts() {
        publisher.acknowledged.entrySet().stream()
                .filter(this::missing)
                .sorted(Map.Entry.comparingByValue(Comparator.comparingLong(AlertPublisher.Published::sentMillis)))
                .limit(50)
                .forEach(e -> log("missing alert " + e.getKey() + " of " + e.getValue().user() + ", sent "
                        + Instant.ofEpochMilli(e.getValue().sentMillis())));
    }

    private int duplicates() {
        return observers.stream().mapToInt(Observer::duplicates).sum();
    }

    private boolean report(List<Row> rows) throws IOException {
        StringBuilder table = new StringBuilder(Row.header()).append('\n');
        rows.forEach(row -> table.append(row.markdown()).append('\n'));
        Files.writeString(out.resolve("results.md"), table.toString(), StandardCharsets.UTF_8);
        System.out.println(table);
        observers.forEach(Observer::close);
        publisher.close();
        services.stopAll();
        boolean passed = rows.stream().allMatch(row -> row.failures().isEmpty());
        log(passed ? "every expectation held" : "some expectations FAILED (see the result column)");
        return passed;
    }

    /** The symbols the pipeline has carried (the processor records them in Redis); the first five, sorted. */
    private List<String> symbols() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> known = command("redis-cli", "-p", "19379", "SMEMBERS", "ms:symbols").lines()
                    .filter(s -> !s.isBlank()).sorted().limit(5).toList();
            if (known.size() == 5) {
                return known;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the pipeline recorded no symbols in Redis within 60 s");
    }

    private String token(String user) {
        try {
            return command(root.resolve("scripts/token").toString(), user, "trader", "7200").trim();
        } catch (Exception e) {
            throw new IllegalStateException("could not mint a token for " + user, e);
        }
    }

    private String command(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("MARKETSTREAM_RUNTIME", runtime.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return output;
    }

    private URI gateway(String name) {
        return URI.create("ws://" + services.address(name) + "/ws");
    }

    static void log(String message) {
        System.out.printf("[chaos %s] %s%n", Instant.now().toString().substring(11, 19), message);
    }
}
