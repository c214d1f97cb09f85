package dev.marketstream.bench;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.user.Severity;
import dev.marketstream.events.user.TradingAlert;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Proves targeted user events reach a user on every gateway process while the load runs: connects one user per
 * gateway port ({@code users} and {@code tokens}, comma-separated, in port order), subscribes each to its alerts,
 * publishes one trading alert per user to Kafka ({@code trading-alerts}, as a business service would; the
 * event-processor routes it through Redis to the pod holding the user) and prints, per gateway, the publish → receive
 * time or {@code missing}. An alert not delivered within 5 s is published again under a new id (an event-processor
 * that has just started may not yet own the partition), and the attempts are printed. Loopback only; waits at most
 * {@code timeout} seconds per step.
 */
public final class UserEventProbe {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("host", "127.0.0.1");
        DEFAULTS.put("ports", "8080");
        DEFAULTS.put("users", null);
        DEFAULTS.put("tokens", null);
        DEFAULTS.put("bootstrap", "127.0.0.1:9092");
        DEFAULTS.put("timeout", "60");
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, DEFAULTS);
        String host = Args.loopback(args.text("host"));
        String[] ports = args.text("ports").split(",");
        String[] users = args.text("users").split(",");
        String[] tokens = args.text("tokens").split(",");
        int timeout = Math.min(120, args.integer("timeout"));
        if (users.length != ports.length || tokens.length != ports.length) {
            throw new IllegalArgumentException("one user and one token per port: " + ports.length + " ports");
        }
        Vertx vertx = Vertx.vertx();
        List<CompletableFuture<Long>> received = new ArrayList<>();
        List<String> alertIds = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int g = 0; g < ports.length; g++) {
            alertIds.add("");
            int gateway = g;
            CompletableFuture<Long> arrival = new CompletableFuture<>();
            received.add(arrival);
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost(host)
                    .setPort(Integer.parseInt(ports[g])).setURI("/ws").addHeader("Authorization", "Bearer " + tokens[g]))
                    .toCompletionStage().toCompletableFuture().get(timeout, TimeUnit.SECONDS);
            socket.textMessageHandler(text -> {
                JsonObject frame = new JsonObject(text);
                if ("subscribed".equals(frame.getString("event"))) {
                    subscribed.complete(null);
                } else if ("trading_alert".equals(frame.getString("event"))
                        && alertIds.get(gateway).equals(frame.getJsonObject("data").getString("alert_id"))) {
                    arrival.complete(System.nanoTime());
                }
            });
            socket.writeTextMessage(new JsonObject().put("event", "subscribe_alerts").put("data", new JsonObject()).encode());
            subscribed.get(timeout, TimeUnit.SECONDS);
        }
        EventCodec codec = new EventCodec();
        int missing = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                args.text("bootstrap"), ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new ByteArraySerializer())) {
            for (int g = 0; g < ports.length; g++) {
                long deadline = System.nanoTime() + timeout * 1_000_000_000L;
                int attempts = 0;
                Long deliveredNanos = null;
                while (deliveredNanos == null && System.nanoTime() < deadline) {
                    attempts++;
                    alertIds.set(g, UUID.randomUUID().toString());
                    TradingAlert alert = new TradingAlert(alertIds.get(g), users[g], "price_threshold", "probe for gateway " + g,
                            Severity.INFO, Instant.now(), null);
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(Topics.TRADING_ALERTS, users[g], codec.encode(EventEnvelope.of("ws-load-probe", alert))));
                    producer.flush();
                    try {
                        deliveredNanos = received.get(g).get(5, TimeUnit.SECONDS) - sent;
                    } catch (TimeoutException e) {
                        // not yet routed: publish again under a new id
                    }
                }
                if (deliveredNanos == null) {
                    missing++;
                    System.out.printf(Locale.ROOT, "user_event_gateway_%d=%s missing after %d attempts in %d s%n", g, ports[g], attempts, timeout);
                } else {
                    System.out.printf(Locale.ROOT, "user_event_gateway_%d=%s delivered_ms=%.1f attempts=%d%n", g, ports[g],
                            deliveredNanos / 1e6, attempts);
                }
            }
        }
        System.out.println("user_events_missing=" + missing);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.exit(missing == 0 ? 0 : 1);
    }
}
