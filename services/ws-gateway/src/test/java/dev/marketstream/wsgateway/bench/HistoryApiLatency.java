package dev.marketstream.wsgateway.bench;

import dev.marketstream.events.history.CandleTables;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.LocalStack;
import dev.marketstream.testing.RedisProbe;
import dev.marketstream.wsgateway.support.HistoryFixtures;
import io.vertx.redis.client.Command;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Latency of {@code GET /api/v1/market/{symbol}/candles} for one day of 1 min bars of one symbol (1,440 bars, one page),
 * against a running gateway ({@code scripts/bench-history-api} starts one): stores the bars, then asks sequentially,
 * warm-up first, and prints p50/p90/p99/max and the body size. Uses a symbol of its own and removes it afterwards.
 *
 * <pre>HistoryApiLatency PORT REQUESTS</pre>
 */
public final class HistoryApiLatency {

    private HistoryApiLatency() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        String symbol = "HB" + Long.toString(System.nanoTime() % 1_000_000, 36).toUpperCase();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        try (HistoryFixtures history = new HistoryFixtures(); RedisProbe redis = new RedisProbe()) {
            redis.integer(Command.SADD, RedisKeys.KNOWN_SYMBOLS, symbol);
            for (int minute = 0; minute < 1_440; minute++) {
                BigDecimal open = BigDecimal.valueOf(10_000 + minute % 97, 2);
                history.bar(symbol, 60, day.plus(Duration.ofMinutes(minute)), open.toPlainString(), open.add(BigDecimal.ONE).toPlainString(),
                        open.subtract(BigDecimal.ONE).toPlainString(), open.add(new BigDecimal("0.25")).toPlainString());
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/market/" + symbol
                    + "/candles?interval=1m&limit=1440&from=" + day + "&to=" + day.plus(Duration.ofDays(1))))
                    .header("Authorization", "Bearer " + LocalJwt.trader("bench-history")).build();
            int bytes = 0;
            for (int i = 0; i < Math.max(100, requests / 5); i++) {
                bytes = check(http.send(request, HttpResponse.BodyHandlers.ofString()));
            }
            long[] micros = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                check(http.send(request, HttpResponse.BodyHandlers.ofString()));
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("one day of 1m bars (1440 bars, %d bytes): requests=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    bytes, requests, micros[requests / 2] / 1e3, micros[requests * 9 / 10] / 1e3, micros[requests * 99 / 100] / 1e3,
                    micros[requests - 1] / 1e3);
            redis.integer(Command.SREM, RedisKeys.KNOWN_SYMBOLS, symbol);
        } finally {
            try (Connection db = DriverManager.getConnection("jdbc:" + LocalStack.testDatabaseUrl(), "marketstream", "marketstream");
                    Statement delete = db.createStatement()) {
                delete.execute("DELETE FROM " + CandleTables.BARS + " WHERE symbol = '" + symbol + "'");
            }
        }
    }

    private static int check(HttpResponse<String> response) {
        if (response.statusCode() != 200 || !response.body().contains("\"candles\":[")) {
            throw new IllegalStateException("answer " + response.statusCode() + ": " + response.body());
        }
        int bars = response.body().split("\"window_start\"", -1).length - 1;
        if (bars != 1_440) {
            throw new IllegalStateException("expected 1440 bars, got " + bars);
        }
        return response.body().length();
    }
}
