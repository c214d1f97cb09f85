package dev.marketstream.wsgateway.api;

import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Runs the connect path on the pod's own endpoint before it reports ready, so that a storm of clients (those of a
 * drained pod, all at once) meets compiled code: on a fresh JVM the JIT took 40 % of the CPU of a 10,000-client storm
 * and every connection waited behind it (docs/benchmarks.md). Once the HTTP server listens it opens
 * {@code gateway.warm-up.connections} loopback connections, {@code concurrency} at a time; each is authenticated with a
 * one-time token only this process knows (random, refused once the warm-up ended), subscribes to a few known symbols
 * and closes when subscribed. Their users are {@value #USER_PREFIX}{@code <slot>}; their connection records are deleted
 * afterwards ({@link dev.marketstream.wsgateway.config.GatewayLifecycle}). Readiness waits for it to end, which it does
 * after the count or the timeout, whatever failed.
 */
@ApplicationScoped
public class ConnectPathWarmUp {

    /** User id prefix of the warm-up's connections. */
    public static final String USER_PREFIX = "marketstream-warm-up-";
    private static final Logger LOG = Logger.getLogger(ConnectPathWarmUp.class);
    private static final int SYMBOLS_PER_CONNECTION = 5;
    private static final int SYMBOLS_ASKED = 100;

    private final GatewayConfig.WarmUp settings;
    private final Vertx vertx;
    private final ReactiveRedisDataSource redis;
    private final String secret = randomSecret();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger slotsRunning = new AtomicInteger();
    private volatile boolean ended;
    private Runnable onEnd = () -> { };
    private WebSocketClient client;
    private long startNanos;
    private long timeoutTimer;

    @Inject
    public ConnectPathWarmUp(GatewayConfig config, Vertx vertx, ReactiveRedisDataSource redis) {
        this(config.warmUp(), vertx, redis);
    }

    ConnectPathWarmUp(GatewayConfig.WarmUp settings, Vertx vertx, ReactiveRedisDataSource redis) {
        this.settings = settings;
        this.vertx = vertx;
        this.redis = redis;
        this.ended = settings.connections() <= 0;
    }

    /** Whether the warm-up is over (or was never asked for): readiness waits for it. */
    public boolean ended() {
        return ended;
    }

    /** For readiness: off, running, or how many cycles completed. */
    public String status() {
        return settings.connections() <= 0 ? "off" : !ended ? "running" : completed.get() + " connect cycles";
    }

    /**
     * Sets what runs once the warm-up ended (the deletion of its connection records); at once if it already ended after
     * opening connections.
     */
    public synchronized void onEnd(Runnable action) {
        this.onEnd = action;
        if (ended && started.get() > 0) {
            action.run();
        }
    }

    /** The users of the warm-up's connections, one per slot. */
    public List<String> users() {
        return IntStream.range(0, settings.concurrency()).mapToObj(slot -> USER_PREFIX + slot).toList();
    }

    /** The token of the warm-up's connections in one slot: the secret, a dot and the slot. */
    String tokenFor(int slot) {
        return secret + "." + slot;
    }

    /**
     * The user of a warm-up connection presenting {@code token}, or null when it is not the warm-up's token or the
     * warm-up is over. The secret is compared in constant time.
     */
    String userFor(String token) {
        if (ended) {
            return null;
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0 || !MessageDigest.isEqual(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        String slot = token.substring(dot + 1);
        return slot.chars().allMatch(Character::isDigit) && !slot.isEmpty() && slot.length() < 6 ? USER_PREFIX + slot : null;
    }

    void onHttpServerStart(@ObservesAsync HttpServerStart start) {
        if (ended) {
            return;
        }
        // A random port (quarkus.http.port=0, which the server's options carry as 0 or -1) is published as a system
        // property once the server listens.
        int port = start.options().getPort() > 0 ? start.options().getPort()
                : Integer.getInteger(LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port", -1);
        if (port <= 0) {
            LOG.warnf("warm-up skipped: the HTTP server's port is not known (%d)", port);
            end("skipped");
            return;
        }
        String host = start.options().getHost() == null || "0.0.0.0".equals(start.options().getHost()) ? "127.0.0.1"
                : start.options().getHost();
        redis.set(String.class).srandmember(RedisKeys.KNOWN_SYMBOLS, SYMBOLS_ASKED)
                .onFailure().recoverWithItem(List.of())
                .subscribe().with(symbols -> begin(host, port, symbols));
    }

    private void begin(String host, int port, List<String> symbols) {
        synchronized (this) {
            if (ended) {
                return; // stopped by a shutdown before it began
            }
            startNanos = System.nanoTime();
            client = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultHost(host).setDefaultPort(port)
                    .setMaxConnections(settings.concurrency() * 2).setConnectTimeout(10_000));
            timeoutTimer = vertx.setTimer(settings.timeout().toMillis(), id -> end("timed out"));
        }
        LOG.infof("warm-up: %d connections to port %d, %d at a time, %d known symbols", settings.connections(), port,
                settings.concurrency(), symbols.size());
        int slots = Math.max(1, Math.min(settings.concurrency(), settings.connections()));
        slotsRunning.set(slots);
        for (int slot = 0; slot < slots; slot++) {
            int slotNumber = slot;
            // From an event-loop context: a frame that follows the 101 at once is not lost (see WsClient in test-support).
            vertx.getOrCreateContext().runOnContext(v -> cycle(slotNumber, symbols));
        }
    }

    /** One connect → session → subscribe → subscribed → close cycle of a slot; the next one starts when it closed. */
    private void cycle(int slot, List<String> symbols) {
        if (ended || started.incrementAndGet() > settings.connections()) {
            if (slotsRunning.decrementAndGet() == 0) {
                end("done");
            }
            return;
        }
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> {
            String event = new JsonObject(text).getString("event");
            if ("session".equals(event) && !symbols.isEmpty()) {
                socket.writeTextMessage(subscribe(symbols, started.get()));
            } else if ("session".equals(event) || "subscribed".equals(event)) {
                completed.incrementAndGet();
                socket.close((short) 1000);
            } else if ("error".equals(event)) {
                failed.incrementAndGet();
                socket.close((short) 1000);
            }
        });
        socket.closeHandler(v -> cycle(slot, symbols));
        socket.connect(new WebSocketConnectOptions().setURI("/ws").addHeader("Authorization", "Bearer " + tokenFor(slot)))
                .onFailure(e -> {
                    if (ended) {
                        cycle(slot, symbols); // cut short by the end of the warm-up: not a failure
                        return;
                    }
                    if (failed.incrementAndGet() == 1) {
                        LOG.warnf("warm-up: a connection failed: %s", e.toString());
                    }
                    cycle(slot, symbols);
                });
    }

    private static String subscribe(List<String> symbols, int cycle) {
        JsonArray chosen = new JsonArray();
        for (int k = 0; k < Math.min(SYMBOLS_PER_CONNECTION, symbols.size()); k++) {
            chosen.add(symbols.get((cycle * SYMBOLS_PER_CONNECTION + k) % symbols.size()));
        }
        return new JsonObject().put("event", "subscribe_market_data")
                .put("data", new JsonObject().put("symbols", chosen).put("data_types", new JsonArray().add("price"))).encode();
    }

    /** Ends a warm-up still running: the pod is shutting down. */
    public void stop() {
        end("stopped by the shutdown");
    }

    private synchronized void end(String how) {
        if (ended) {
            return;
        }
        ended = true;
        if (client == null) {
            return; // stopped before its first connection: nothing to report or clean up
        }
        vertx.cancelTimer(timeoutTimer);
        client.close();
        LOG.infof("warm-up %s: %d of %d connect cycles completed, %d failed, in %d ms", how, completed.get(),
                settings.connections(), failed.get(), Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        onEnd.run();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
