package dev.marketstream.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One load process: opens N authenticated WebSocket connections to the gateway (ramped, spread over
 * loopback source addresses {@code 127.0.0.<sourceFrom>..}), subscribes connection {@code i} to
 * {@code perConn} symbols of {@code PREFIX0..PREFIX<symbols-1>} spread over the list ({@link Scenario}), and then,
 * over a measuring window, records end-to-end latency (tick {@code timestamp} → receive) in an HdrHistogram, delivered
 * messages/s, bytes on the wire ({@code ss}) and, when given its pid, the gateway's CPU, RSS and open files. Over
 * the ramp it times each connection's connect start → {@code session} and → {@code subscribed} (the connect-storm
 * figures). Writes {@code <out>.txt} (key=value), {@code <out>.hgrm} (tick latency) and {@code <out>.subscribed.hgrm}
 * (connect → subscribed) for {@link Report}. Loopback only; bounded in time.
 */
public final class WsLoad {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("host", "127.0.0.1");
        DEFAULTS.put("port", "8080");
        DEFAULTS.put("token", null);
        DEFAULTS.put("connections", "1000");
        DEFAULTS.put("first", "0");
        DEFAULTS.put("symbols", "1000");
        DEFAULTS.put("perConn", "1");
        DEFAULTS.put("prefix", "BENCH");
        DEFAULTS.put("ramp", "1000");
        DEFAULTS.put("settle", "10");
        DEFAULTS.put("duration", "60");
        DEFAULTS.put("sourceFrom", "2");
        DEFAULTS.put("sources", "2");
        DEFAULTS.put("compress", "false");
        DEFAULTS.put("gatewayPid", "");
        DEFAULTS.put("out", "ws-load");
    }

    private static final String SESSION = "{\"event\":\"session\"";
    private static final String SUBSCRIBED = "{\"event\":\"subscribed\"";

    private final Recorder latency = new Recorder(3);
    private final Recorder toSession = new Recorder(3);
    private final Recorder toSubscribed = new Recorder(3);
    private final LongAdder sessions = new LongAdder();
    private final LongAdder subscribed = new LongAdder();
    private final Map<String, AtomicLong> errorCodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder chars = new LongAdder();
    private final LongAdder ticks = new LongAdder();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<Integer, AtomicLong> closeCodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public static void main(String[] argv) throws Exception {
        new WsLoad().run(new Args(argv, DEFAULTS));
    }

    private void run(Args args) throws Exception {
        String host = Args.loopback(args.text("host"));
        int port = args.integer("port");
        int connections = args.integer("connections");
        int first = args.integer("first");
        int symbols = args.integer("symbols");
        int perConn = args.integer("perConn");
        int durationSec = Math.min(600, args.integer("duration"));
        int settleSec = Math.min(300, args.integer("settle"));
        boolean compress = args.flag("compress");
        Set<String> sources = new LinkedHashSet<>();
        for (int s = 0; s < args.integer("sources"); s++) {
            sources.add("127.0.0." + (args.integer("sourceFrom") + s));
        }
        String pid = args.optional("gatewayPid");
        ProcessProbe gateway = pid == null || pid.isBlank() ? null : new ProcessProbe(Long.parseLong(pid));
        ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<Context> eventLoops = eventLoops(vertx, 2);
        List<WebSocketClient> clients = new ArrayList<>();
        for (String source : sources) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(source)
                    .setTryUsePerMessageCompression(compress).setMaxConnections(connections + 1).setConnectTimeout(30_000)
                    .setMaxMessageSize(1 << 20)));
        }
        String auth = "Bearer " + args.text("token");
        warmUp(eventLoops.get(0), clients.get(0), new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws")
                .addHeader("Authorization", auth));
        long rssBefore = gateway == null ? -1 : gateway.rssKib();
        long rampStart = System.nanoTime();
        long rampNanos = 1_000_000_000L / Math.max(1, args.integer("ramp"));
        long lastReport = rampStart;
        for (int i = 0; i < connections; i++) {
            long wait = rampStart + i * rampNanos - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            JsonArray subscribed = new JsonArray(Scenario.symbolsOf(args.text("prefix"), first + i, perConn, symbols));
            connect(eventLoops.get(i % eventLoops.size()), clients.get(i % clients.size()), new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws")
                    .addHeader("Authorization", auth), subscribed);
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.printf("ramp: %d attempted, %d open, %d failed, gateway fds %d%n", i + 1, open.get(), failed.get(),
                        gateway == null ? -1 : gateway.openFiles());
            }
        }
        long settleDeadline = System.nanoTime() + 60_000_000_000L;
        while (open.get() + failed.get() + dropped.get() < connections && System.nanoTime() < settleDeadline) {
            Thread.sleep(100);
        }
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        while (subscribed.sum() + failed.get() + dropped.get() < connections && System.nanoTime() < settleDeadline) {
            Thread.sleep(100);
        }
        double subscribedSeconds = (System.nanoTime() - rampStart) / 1e9;
        Histogram sessionTimes = toSession.getIntervalHistogram();
        Histogram subscribeTimes = toSubscribed.getIntervalHistogram();
        System.err.printf("ramp done in %.1f s (all subscribed in %.1f s): %d open, %d failed, %d subscribed; settling %d s%n",
                rampSeconds, subscribedSeconds, open.get(), failed.get(), subscribed.sum(), settleSec);
        Thread.sleep(settleSec * 1000L);

        // ---- measuring window ----
        long wireBefore = WireBytes.received(port, sources);
        double gatewayCpuBefore = gateway == null ? Double.NaN : gateway.cpuSeconds();
        double gatewaySysBefore = gateway == null ? Double.NaN : gateway.systemSeconds();
        double gatewayJitBefore = gateway == null ? Double.NaN : gateway.jitSeconds();
        double selfCpuBefore = self.cpuSeconds();
        long[] machineBefore = ProcessProbe.machineTicks();
        long receivedBefore = received.sum();
        long charsBefore = chars.sum();
        long ticksBefore = ticks.sum();
        long openAtStart = open.get();
        long windowStart = System.nanoTime();
        latency.getIntervalHistogram();
        long rssMax = 0;
        long rssSum = 0;
        int rssSamples = 0;
        int fdsMax = 0;
        double loadSum = 0;
        for (int second = 0; second < durationSec; second++) {
            Thread.sleep(Math.max(0, windowStart + (second + 1) * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            loadSum += ProcessProbe.loadAverage();
            if (gateway != null) {
                long rss = gateway.rssKib();
                rssMax = Math.max(rssMax, rss);
                rssSum += rss;
                rssSamples++;
                fdsMax = Math.max(fdsMax, gateway.openFiles());
            }
        }
        Histogram histogram = latency.getIntervalHistogram();
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        long delivered = received.sum() - receivedBefore;
        long deliveredChars = chars.sum() - charsBefore;
        long deliveredTicks = ticks.sum() - ticksBefore;
        double gatewayCpu = gateway == null ? Double.NaN : gateway.cpuSeconds() - gatewayCpuBefore;
        double gatewaySys = gateway == null ? Double.NaN : gateway.systemSeconds() - gatewaySysBefore;
        double gatewayJit = gateway == null ? Double.NaN : gateway.jitSeconds() - gatewayJitBefore;
        double selfCpu = self.cpuSeconds() - selfCpuBefore;
        double machineBusy = ProcessProbe.machineBusyPercent(machineBefore, ProcessProbe.machineTicks());
        long wire = WireBytes.received(port, sources) - wireBefore;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("compress", compress);
        result.put("connections_target", connections);
        result.put("connections_open_at_start", openAtStart);
        result.put("connections_open_at_end", open.get());
        result.put("connect_failures", failed.get());
        result.put("closed_by_server", dropped.get());
        result.put("error_events", errors.get());
        result.put("close_codes", closeCodes);
        result.put("error_codes", errorCodes);
        result.put("ramp_seconds", fmt(rampSeconds));
        result.put("ramp_subscribed_seconds", fmt(subscribedSeconds));
        result.put("connections_session", sessions.sum());
        result.put("connect_to_session_p50_ms", fmt(sessionTimes.getValueAtPercentile(50) / 1000.0));
        result.put("connect_to_session_p99_ms", fmt(sessionTimes.getValueAtPercentile(99) / 1000.0));
        result.put("connections_subscribed", subscribed.sum());
        result.put("connect_to_subscribed_p50_ms", fmt(subscribeTimes.getValueAtPercentile(50) / 1000.0));
        result.put("connect_to_subscribed_p99_ms", fmt(subscribeTimes.getValueAtPercentile(99) / 1000.0));
        result.put("connect_to_subscribed_max_ms", fmt(subscribeTimes.getMaxValue() / 1000.0));
        result.put("window_seconds", fmt(seconds));
        result.put("delivered_msgs", delivered);
        result.put("delivered_msgs_per_s", fmt(delivered / seconds));
        result.put("live_ticks", deliveredTicks);
        result.put("payload_chars", deliveredChars);
        result.put("wire_bytes", wire);
        result.put("wire_bytes_per_msg", delivered == 0 ? "n/a" : fmt(wire / (double) delivered));
        result.put("payload_chars_per_msg", delivered == 0 ? "n/a" : fmt(deliveredChars / (double) delivered));
        result.put("latency_samples", histogram.getTotalCount());
        result.put("latency_p50_ms", fmt(histogram.getValueAtPercentile(50) / 1000.0));
        result.put("latency_p99_ms", fmt(histogram.getValueAtPercentile(99) / 1000.0));
        result.put("latency_p999_ms", fmt(histogram.getValueAtPercentile(99.9) / 1000.0));
        result.put("latency_max_ms", fmt(histogram.getMaxValue() / 1000.0));
        result.put("load_cpu_cores", fmt(selfCpu / seconds));
        result.put("loadavg_1m_mean", fmt(loadSum / Math.max(1, durationSec)));
        result.put("machine_cpu_busy_pct", fmt(machineBusy));
        if (gateway != null) {
            long rssMean = rssSamples == 0 ? -1 : rssSum / rssSamples;
            result.put("gateway_cpu_cores", fmt(gatewayCpu / seconds));
            result.put("gateway_cpu_sys_cores", fmt(gatewaySys / seconds));
            result.put("gateway_cpu_jit_cores", fmt(gatewayJit / seconds));
            result.put("gateway_rss_before_kib", rssBefore);
            result.put("gateway_rss_mean_kib", rssMean);
            result.put("gateway_rss_max_kib", rssMax);
            result.put("gateway_open_files_max", fdsMax);
        }
        StringBuilder text = new StringBuilder();
        result.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        System.out.print(text);
        String out = args.text("out");
        Files.writeString(Path.of(out + ".txt"), text);
        writeHistogram(histogram, Path.of(out + ".hgrm"));
        writeHistogram(subscribeTimes, Path.of(out + ".subscribed.hgrm"));
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    /**
     * Connects from the given event loop with the handlers in place before the handshake: started from the main thread,
     * Vert.x 4.5 puts every connection on one event loop and now and then drops the frame the gateway writes right
     * behind its 101 response (the {@code session} greeting; see the test client {@code WsClient}).
     */
    private void connect(Context eventLoop, WebSocketClient client, WebSocketConnectOptions options, JsonArray symbols) {
        ConnectTimer timer = new ConnectTimer(System.nanoTime());
        eventLoop.runOnContext(v -> {
            ClientWebSocket ws = client.webSocket();
            ws.textMessageHandler(text -> {
                timer.onText(text);
                onText(text);
            });
            ws.closeHandler(closed -> {
                open.decrementAndGet();
                dropped.incrementAndGet();
                closeCodes.computeIfAbsent(ws.closeStatusCode() == null ? -1 : (int) ws.closeStatusCode(), c -> new AtomicLong())
                        .incrementAndGet();
            });
            ws.connect(options).onSuccess(connected -> {
                open.incrementAndGet();
                connected.writeTextMessage(subscribeFrame(symbols));
            }).onFailure(e -> {
                if (failed.incrementAndGet() <= 5) {
                    System.err.println("connect failed: " + e);
                }
            });
        });
    }

    private static String subscribeFrame(JsonArray symbols) {
        return new JsonObject().put("event", "subscribe_market_data")
                .put("data", new JsonObject().put("symbols", symbols).put("data_types", new JsonArray().add("price"))).encode();
    }

    /**
     * Opens one connection before the ramp and closes it once greeted, and encodes a subscribe frame (the first JSON
     * encoding loads Jackson), counted in no figure: the client's own cold start (~0.3 s for its WebSocket and handshake
     * classes, as much again for Jackson, measured) would otherwise hold the ramp's first connections back, all of it
     * counted as the gateway's connect time.
     */
    private static void warmUp(Context eventLoop, WebSocketClient client, WebSocketConnectOptions options) throws Exception {
        subscribeFrame(new JsonArray().add("WARMUP"));
        CompletableFuture<Void> greeted = new CompletableFuture<>();
        eventLoop.runOnContext(v -> {
            ClientWebSocket ws = client.webSocket();
            ws.textMessageHandler(text -> {
                if (text.startsWith(SESSION) && greeted.complete(null)) {
                    ws.close();
                }
            });
            ws.connect(options).onFailure(greeted::completeExceptionally);
        });
        try {
            greeted.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("warm-up connection failed, ramping cold: " + e);
        }
    }

    /** One context on each of the client's event loops (a verticle instance each), to spread connections over them. */
    private static List<Context> eventLoops(Vertx vertx, int count) throws Exception {
        List<Context> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                contexts.add(context);
            }
        }, new DeploymentOptions().setInstances(count)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return contexts;
    }

    private void onText(String text) {
        received.increment();
        chars.add(text.length());
        if (text.startsWith("{\"event\":\"error\"")) {
            int at = text.indexOf("\"code\":\"");
            errorCodes.computeIfAbsent(at < 0 ? "?" : text.substring(at + 8, text.indexOf('"', at + 8)), c -> new AtomicLong()).incrementAndGet();
            if (errors.incrementAndGet() <= 3) {
                System.err.println("error event: " + text);
            }
        }
        if (!text.startsWith("{\"event\":\"market_data\"") || text.contains("\"snapshot\":true")) {
            return;
        }
        int at = text.indexOf("\"timestamp\":\"");
        if (at > 0) {
            Instant now = clock.instant();
            Instant sent = Instant.parse(text.substring(at + 13, text.indexOf('"', at + 13)));
            long micros = (now.getEpochSecond() - sent.getEpochSecond()) * 1_000_000 + (now.getNano() - sent.getNano()) / 1000;
            latency.recordValue(Math.max(0, micros));
            ticks.increment();
        }
    }

    /** Times one connection from its connect start to its first {@code session} and {@code subscribed} frames. */
    private final class ConnectTimer {
        private final long started;
        private boolean sessionSeen;
        private boolean subscribedSeen;

        ConnectTimer(long started) {
            this.started = started;
        }

        void onText(String text) {
            if (subscribedSeen) {
                return;
            }
            long micros = (System.nanoTime() - started) / 1000;
            if (!sessionSeen && text.startsWith(SESSION)) {
                sessionSeen = true;
                sessions.increment();
                toSession.recordValue(micros);
            } else if (text.startsWith(SUBSCRIBED)) {
                subscribedSeen = true;
                subscribed.increment();
                toSubscribed.recordValue(micros);
            }
        }
    }

    private static void writeHistogram(Histogram histogram, Path path) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        Files.writeString(path, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
