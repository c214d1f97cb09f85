package dev.marketstream.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Opens N authenticated WebSocket connections to the gateway (ramped, spread over several loopback source
 * addresses), subscribes each to K of S symbols and records end-to-end latency (tick timestamp → receive) with
 * HdrHistogram, delivered messages/s and connection failures. Loopback only; every run is bounded in time.
 *
 * Usage: WsLoad host port token connections symbolsTotal symbolsPerConn rampPerSec durationSec sources compression symbolPrefix
 */
public final class WsLoad {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String token = args[2];
        int connections = Integer.parseInt(args[3]);
        int symbols = Integer.parseInt(args[4]);
        int perConn = Integer.parseInt(args[5]);
        int rampPerSec = Integer.parseInt(args[6]);
        int durationSec = Math.min(600, Integer.parseInt(args[7]));
        int sources = Integer.parseInt(args[8]);
        boolean compression = Boolean.parseBoolean(args[9]);
        String prefix = args[10];
        if (!host.startsWith("127.")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<WebSocketClient> clients = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress("127.0.0." + (2 + s))
                    .setTryUsePerMessageCompression(compression).setMaxConnections(connections)));
        }
        Recorder latency = new Recorder(3);
        LongAdder received = new LongAdder();
        LongAdder bytes = new LongAdder();
        AtomicLong open = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long rampNanos = 1_000_000_000L / Math.max(1, rampPerSec);
        for (int i = 0; i < connections; i++) {
            long due = start + i * rampNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            JsonArray subscribed = new JsonArray();
            for (int k = 0; k < perConn; k++) {
                subscribed.add(prefix + ((i * perConn + k) % symbols));
            }
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws")
                    .addHeader("Authorization", "Bearer " + token);
            clients.get(i % sources).connect(options).onSuccess(ws -> {
                open.incrementAndGet();
                ws.textMessageHandler(text -> {
                    received.increment();
                    bytes.add(text.length());
                    int at = text.indexOf("\"timestamp\":\"");
                    if (text.startsWith("{\"event\":\"market_data\"") && at > 0 && !text.contains("\"snapshot\":true")) {
                        Instant sent = Instant.parse(text.substring(at + 13, text.indexOf('"', at + 13)));
                        long micros = (System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000) - (sent.getEpochSecond() * 1_000_000 + sent.getNano() / 1000);
                        latency.recordValue(Math.max(0, micros));
                    }
                });
                ws.closeHandler(v -> open.decrementAndGet());
                ws.writeTextMessage(new JsonObject().put("event", "subscribe_market_data")
                        .put("data", new JsonObject().put("symbols", subscribed)).encode());
            }).onFailure(e -> failed.incrementAndGet());
        }
        long measureFrom = System.nanoTime();
        latency.getIntervalHistogram();
        long receivedBefore = received.sum();
        Thread.sleep(durationSec * 1000L);
        double seconds = (System.nanoTime() - measureFrom) / 1e9;
        var histogram = latency.getIntervalHistogram();
        long delivered = received.sum() - receivedBefore;
        System.out.printf("connections_open=%d failed=%d delivered_msgs=%d msgs_per_s=%.0f avg_frame_chars=%.0f%n", open.get(), failed.get(),
                delivered, delivered / seconds, received.sum() == 0 ? 0.0 : bytes.sum() / (double) received.sum());
        System.out.printf("latency_ms p50=%.2f p99=%.2f p99.9=%.2f max=%.2f samples=%d%n", histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0,
                histogram.getTotalCount());
        vertx.close();
        System.exit(0);
    }
}
