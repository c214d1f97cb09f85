// A terminal client of the gateway: subscribes to market data and prints each update with its age (the time from
// the trade at the exchange to this client), then the age percentiles per symbol.
// Runs as a single source file on any JDK 17 (no dependencies):
//   java scripts/tools/LiveFeed.java <ws-url> <jwt> <seconds> SYMBOL [SYMBOL...]
// scripts/live-feed wraps it with a locally issued token.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class LiveFeed {

    private static final Pattern EVENT = Pattern.compile("\"event\"\\s*:\\s*\"([a-z_]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java LiveFeed.java <ws-url> <jwt> <seconds> SYMBOL [SYMBOL...]");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        String token = args[1];
        long seconds = Long.parseLong(args[2]);
        String[] symbols = Arrays.copyOfRange(args, 3, args.length);

        CountDownLatch closed = new CountDownLatch(1);
        AtomicLong updates = new AtomicLong();
        Printer printer = new Printer(updates, closed);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, printer)
                .get(15, TimeUnit.SECONDS);
        String quoted = String.join(",", Arrays.stream(symbols).map(s -> "\"" + s + "\"").toList());
        socket.sendText("{\"event\":\"subscribe_market_data\",\"request_id\":\"live-feed\",\"data\":{\"symbols\":["
                + quoted + "],\"data_types\":[\"price\",\"candles\"]}}", true);

        boolean serverClosed = closed.await(seconds, TimeUnit.SECONDS);
        if (!serverClosed) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
        System.out.printf("%n%d market updates in %d s%n", updates.get(), seconds);
        printer.printAges();
        if (updates.get() == 0) {
            System.exit(1);
        }
    }

    /** Prints frames as they arrive; WebSocket text may come in parts. */
    private static final class Printer implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        /** Age in ms of each live price update, per symbol (snapshots are old by nature and left out). */
        private final Map<String, List<Long>> ages = new ConcurrentHashMap<>();
        private final AtomicLong updates;
        private final CountDownLatch closed;

        Printer(AtomicLong updates, CountDownLatch closed) {
            this.updates = updates;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                print(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            System.out.println("closed by server: " + status + " " + reason);
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            System.out.println("error: " + error);
            closed.countDown();
        }

        private void print(String frame) {
            Matcher event = EVENT.matcher(frame);
            String name = event.find() ? event.group(1) : "?";
            switch (name) {
                case "market_data" -> {
                    updates.incrementAndGet();
                    String change = field(frame, "change");
                    boolean snapshot = frame.contains("\"snapshot\":true");
                    long age = Duration.between(Instant.parse(field(frame, "timestamp")), Instant.now()).toMillis();
                    if (!snapshot) {
                        ages.computeIfAbsent(field(frame, "symbol"), s -> Collections.synchronizedList(new ArrayList<>())).add(age);
                    }
                    System.out.printf("%-30s %-6s %10s  %9s (%+.2f%%)  vol %-6s age %s%n", field(frame, "timestamp"),
                            field(frame, "symbol"), field(frame, "price"), change.startsWith("-") ? change : "+" + change,
                            Double.parseDouble(field(frame, "change_percent")), field(frame, "volume"),
                            snapshot ? "(snapshot)" : age + " ms");
                }
                case "market_candle" -> {
                    updates.incrementAndGet();
                    System.out.printf("%-24s %-8s candle %-3s O %s H %s L %s C %s  trades %s%n", field(frame, "window_start"),
                            field(frame, "symbol"), field(frame, "interval"), field(frame, "open"), field(frame, "high"),
                            field(frame, "low"), field(frame, "close"), field(frame, "trade_count"));
                }
                default -> System.out.println(frame);
            }
        }

        /** Age percentiles per symbol: what a newcomer should read off the demo. */
        void printAges() {
            ages.forEach((symbol, list) -> {
                List<Long> sorted = new ArrayList<>(list);
                Collections.sort(sorted);
                if (!sorted.isEmpty()) {
                    System.out.printf("update age %-6s %6d updates  p50 %4d ms  p99 %4d ms  max %4d ms%n", symbol, sorted.size(),
                            sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
                            sorted.get(sorted.size() - 1));
                }
            });
        }

        private static String field(String frame, String name) {
            Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(frame);
            return m.find() ? m.group(1) : "-";
        }
    }
}
