package dev.marketstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Packaged gateway pods on the local stack, driven over a small loopback HTTP API, for tests that are not written in
 * Java (the TypeScript SDK's, the market board's browser test). Started as
 * {@code java -cp <test-support classpath> dev.marketstream.testing.GatewayHarness}; prints one line
 * {@code harness-ready {"control": "http://127.0.0.1:<port>", "gateway": {...}}} once its first gateway is ready, and
 * stops its gateways when its standard input closes (the test process ended) or on SIGTERM. Arguments
 * {@code key=value} are configuration properties of every pod (e.g. {@code gateway.board-dir=...}).
 *
 * <p>Control API (JSON bodies, all POST):
 * <ul>
 * <li>{@code /token {user, groups?, ttl_seconds?, kind?: "valid"|"expired"|"forged"}} → {@code {token}} ({@link LocalJwt})</li>
 * <li>{@code /symbols {count?}} → {@code {symbols}}: fresh symbols known to the platform; {@code /users {prefix?}} → {@code {user}}</li>
 * <li>{@code /gateways} → a further pod; {@code /gateways/terminate {pod}}: SIGTERM (its clients get 1012)</li>
 * <li>{@code /market/price {symbol, price}}, {@code /market/book {symbol, book_seq, snapshot, levels}},
 * {@code /market/candle {symbol, interval_seconds, window_start, open, high, low, close, volume}} ({@link GatewayInputs});
 * a book with {@code store_only} is only stored as the symbol's Redis snapshot</li>
 * <li>{@code /feed {symbols, updates_per_second?}}: a synthetic market of prices, 1 s candles and books until {@code /feed/stop}</li>
 * <li>{@code /user-events/await-listening {user}}; {@code /user-events/alerts {user, first_seq, count, pause_ms?}} → {@code {event_ids}}</li>
 * </ul>
 */
public final class GatewayHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    private final Map<String, PackagedApp> gateways = new LinkedHashMap<>();
    private final AtomicInteger pods = new AtomicInteger();
    private final GatewayInputs inputs = new GatewayInputs();
    private final SyntheticMarket feed = new SyntheticMarket(inputs);
    private final HttpServer server;
    private final Map<String, String> podProperties;

    private GatewayHarness(Map<String, String> podProperties) throws IOException {
        this.podProperties = podProperties;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "harness-http");
            thread.setDaemon(true);
            return thread;
        }));
        route("/token", this::token);
        route("/symbols", body -> {
            List<String> symbols = new ArrayList<>();
            for (int i = 0; i < body.path("count").asInt(1); i++) {
                symbols.add(inputs.knownSymbol());
            }
            return JSON.createObjectNode().set("symbols", JSON.valueToTree(symbols));
        });
        route("/users", body -> JSON.createObjectNode().put("user", inputs.uniqueUser(body.path("prefix").asText("user"))));
        route("/gateways", body -> startGateway());
        route("/gateways/terminate", body -> {
            PackagedApp pod = pod(body.path("pod").asText());
            pod.terminate();
            return JSON.createObjectNode().put("terminated", body.path("pod").asText());
        });
        route("/market/price", body -> {
            inputs.price(body.path("symbol").asText(), body.path("price").asText());
            return JSON.createObjectNode();
        });
        route("/market/book", body -> {
            List<String> levels = new ArrayList<>();
            body.path("levels").forEach(level -> levels.add(level.asText()));
            String symbol = body.path("symbol").asText();
            if (body.path("store_only").asBoolean()) {
                // the latest SNAPSHOT record as the pipeline keeps it in Redis, without a record on the topic
                inputs.snapshot("orderbook", symbol, BinaryMarket.bookSnapshot(symbol, body.path("book_seq").asLong(), Instant.now(),
                        levels.toArray(String[]::new)));
            } else {
                inputs.book(symbol, body.path("book_seq").asLong(), body.path("snapshot").asBoolean(), levels.toArray(String[]::new));
            }
            return JSON.createObjectNode();
        });
        route("/market/candle", body -> {
            inputs.candle(body.path("symbol").asText(), body.path("interval_seconds").asInt(1),
                    Instant.parse(body.path("window_start").asText()), body.path("open").asText(), body.path("high").asText(),
                    body.path("low").asText(), body.path("close").asText(), body.path("volume").asText("100"));
            return JSON.createObjectNode();
        });
        route("/feed", body -> {
            List<String> symbols = new ArrayList<>();
            body.path("symbols").forEach(s -> symbols.add(s.asText()));
            feed.start(symbols, body.path("updates_per_second").asInt(4));
            return JSON.createObjectNode();
        });
        route("/feed/stop", body -> {
            feed.stop();
            return JSON.createObjectNode();
        });
        route("/user-events/await-listening", body -> {
            inputs.awaitListening(body.path("user").asText(), Duration.ofSeconds(body.path("seconds").asInt(15)));
            return JSON.createObjectNode();
        });
        route("/user-events/alerts", body -> {
            List<String> ids = inputs.deliverAlerts(body.path("user").asText(), body.path("first_seq").asLong(1),
                    body.path("count").asInt(1), body.path("pause_ms").asLong(0));
            return JSON.createObjectNode().set("event_ids", JSON.valueToTree(ids));
        });
        server.start();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are pod properties key=value, not " + arg);
            }
            properties.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        GatewayHarness harness = new GatewayHarness(properties);
        Runtime.getRuntime().addShutdownHook(new Thread(harness::close, "harness-shutdown"));
        ObjectNode ready = JSON.createObjectNode().put("control", "http://127.0.0.1:" + harness.server.getAddress().getPort());
        ready.set("gateway", harness.startGateway());
        System.out.println("harness-ready " + ready);
        System.out.flush();
        // The test process holds our standard input: when it ends, so do we (and our gateways with us).
        InputStream in = System.in;
        while (in.read() >= 0) {
            // nothing is read from the test; the loop only waits for the end of the stream
        }
        System.exit(0);
    }

    /** Starts a pod; several may start at once. */
    private ObjectNode startGateway() {
        String pod = "sdk-" + run + "-" + pods.incrementAndGet();
        Map<String, String> properties = new LinkedHashMap<>(podProperties);
        properties.putAll(Map.of(
                "gateway.pod-id", pod,
                // tests count every tick, also when a busy machine slows the event loops: no lane conflation
                "gateway.outbound.lane-conflate-after", "60s",
                // SDK tests may hold many connections of one user at once: no per-user connection limit
                "gateway.limits.max-connections-per-user", "100000",
                // the connect-path warm-up as deployed, shortened: it holds readiness back for its cycles
                "gateway.warm-up.connections", "200",
                "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl()));
        PackagedApp gateway = PackagedApp.start("ws-gateway", properties);
        synchronized (this) {
            gateways.put(pod, gateway);
        }
        return JSON.createObjectNode().put("pod", pod).put("ws", gateway.ws("/ws").toString())
                .put("http", gateway.http("").toString());
    }

    private synchronized PackagedApp pod(String pod) {
        PackagedApp gateway = gateways.get(pod);
        if (gateway == null) {
            throw new IllegalArgumentException("no gateway pod " + pod);
        }
        return gateway;
    }

    private JsonNode token(JsonNode body) {
        String user = body.path("user").asText("trader-" + run);
        Set<String> groups = new java.util.TreeSet<>();
        body.path("groups").forEach(g -> groups.add(g.asText()));
        if (groups.isEmpty() && !body.has("groups")) {
            groups.add("trader");
        }
        String token = switch (body.path("kind").asText("valid")) {
            case "expired" -> LocalJwt.expired(user);
            case "forged" -> LocalJwt.forged(user);
            default -> LocalJwt.sign(user, groups, LocalJwt.ISSUER, body.path("ttl_seconds").asLong(3600), LocalJwt.localPrivateKey());
        };
        return JSON.createObjectNode().put("token", token);
    }

    /** A handler of one control path: the request's JSON body in, the answer's JSON out. */
    private interface Action {
        JsonNode handle(JsonNode body) throws Exception;
    }

    private void route(String path, Action action) {
        server.createContext(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                answer(exchange, 404, JSON.createObjectNode().put("error", "no such control path"));
                return;
            }
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                JsonNode body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
                answer(exchange, 200, action.handle(body));
            } catch (Exception e) {
                System.err.println("harness: " + path + " failed: " + e);
                answer(exchange, 500, JSON.createObjectNode().put("error", String.valueOf(e)));
            }
        });
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        feed.stop();
        List<PackagedApp> all;
        synchronized (this) {
            all = new ArrayList<>(gateways.values());
            gateways.clear();
        }
        all.forEach(PackagedApp::terminate); // all pods drain at once, then each is awaited
        all.forEach(PackagedApp::close);
        // a pod still starting when the test ended is a child of this process too
        ProcessHandle.current().children().forEach(ProcessHandle::destroy);
        inputs.close();
    }
}
