package dev.marketstream.streamprocessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.testing.BinaryMarket;
import dev.marketstream.testing.KafkaGroups;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves exactly-once across a crash: the packaged processor is killed with SIGKILL while trades and book updates are
 * streaming and started again; every trade yields exactly one price and one volume update and every book delta one
 * order-book record (same event ids, none twice), prices in order per symbol, books contiguous per symbol, the
 * closed bars count every trade exactly once, and the bar history in PostgreSQL (written by the same process, so killed
 * with it) holds every closed bar of the topic exactly once, with its event id and values.
 */
class ExactlyOnceIT {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private static final String DATABASE = "jdbc:" + dev.marketstream.testing.LocalStack.testDatabaseUrl();
    private static final int SYMBOLS = 8;
    private static final int TICKS_PER_SECOND = 400;
    /** Prices seen before the kill: the processor is mid-stream, however fast this machine runs it. */
    private static final int PRICES_BEFORE_KILL = 1000;
    /** Ticks fed after the kill, so the restarted processor takes over a live stream. */
    private static final int TICKS_AFTER_KILL = 2000;
    /** Bound of the feed (150 s at the pace above) should the processor never reach {@link #PRICES_BEFORE_KILL}. */
    private static final int MAX_TICKS = 60_000;
    /** Longer than a 1 s window plus its grace (2 s), so the final trades close every window of the run. */
    private static final Duration GRACE_AND_WINDOW = Duration.ofSeconds(4);

    private final String prefix = "E" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";
    private final String applicationId = "stream-processor-eos-it-" + UUID.randomUUID();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, List<BigDecimal>> tradePrices = new ConcurrentHashMap<>();
    private final Set<UUID> tradeIds = ConcurrentHashMap.newKeySet();
    private final Set<UUID> deltaIds = ConcurrentHashMap.newKeySet();
    private final long[] bookSeq = new long[SYMBOLS];
    private Path stateDir;

    @Test
    void everyTradeAndBookUpdateGivesExactlyOneOutputPerTopicAcrossAKill() throws Exception {
        stateDir = Files.createTempDirectory("eos-it-state");
        Instant base = Instant.now();
        List<String> topics = List.of(Topics.MARKET_PRICES, Topics.MARKET_VOLUME, Topics.MARKET_ORDERBOOK, Topics.MARKET_DATA_AGGREGATED);
        try (OutputCollector outputs = new OutputCollector(BOOTSTRAP, topics, r -> r.key() != null && r.key().startsWith(prefix));
                KafkaProducer<String, byte[]> producer = producer()) {
            // Offsets committed at the current end, so every record sent from now on is read, however late the assignment.
            KafkaGroups.startAtEnd(applicationId, List.of(Topics.MARKET_DATA_RAW));
            KafkaGroups.startAtEnd(applicationId + "-history", List.of(Topics.MARKET_DATA_AGGREGATED));
            Process first = start(1);
            awaitReady(first);
            // A book snapshot per symbol, then trades until every symbol's partition is being read (warm-up, not counted).
            Set<UUID> warmUp = ConcurrentHashMap.newKeySet();
            for (int s = 0; s < SYMBOLS; s++) {
                byte[] snapshot = BinaryMarket.bookSnapshot(prefix + s, 0, Instant.now(), "B 99.00x10", "A 101.00x10");
                warmUp.add(eventId(snapshot));
                producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, prefix + s, snapshot));
            }
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Set<String> reading = outputs.poll().records(Topics.MARKET_VOLUME).stream().map(ConsumerRecord::key)
                        .collect(Collectors.toSet());
                for (int s = 0; s < SYMBOLS; s++) {
                    if (!reading.contains(prefix + s)) {
                        byte[] trade = BinaryMarket.trade(prefix + s, "100", "1", Instant.now());
                        warmUp.add(eventId(trade));
                        producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, prefix + s, trade));
                    }
                }
                producer.flush();
                return reading.size() == SYMBOLS;
            });
            AtomicBoolean killed = new AtomicBoolean();
            CompletableFuture<Integer> feeder = CompletableFuture.supplyAsync(() -> feed(producer, killed));

            await().atMost(Duration.ofMinutes(3)).until(() -> outputs.poll().records(Topics.MARKET_PRICES).size() >= PRICES_BEFORE_KILL);
            assertThat(feeder).as("ticks still streaming when the processor dies").isNotDone();
            first.destroyForcibly().waitFor();   // SIGKILL: no commit, no leave-group, transactions left open
            killed.set(true);

            Process second = start(2);
            int fed = feeder.get();
            Instant fedUntil = Instant.now();
            Thread.sleep(GRACE_AND_WINDOW.toMillis());
            for (int s = 0; s < SYMBOLS; s++) {  // later trades move stream time past the last 1 s window and its grace
                sendTrade(producer, s, fed, Instant.now());
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(4)).until(() -> outputs.poll() != null
                    && ids(outputs, Topics.MARKET_PRICES, warmUp).size() >= tradeIds.size()
                    && ids(outputs, Topics.MARKET_VOLUME, warmUp).size() >= tradeIds.size()
                    && ids(outputs, Topics.MARKET_ORDERBOOK, warmUp).size() >= deltaIds.size()
                    && closedBarTrades(outputs, fedUntil) >= tradeIds.size() - SYMBOLS);
            awaitReady(second);
            long quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < quietUntil) {
                outputs.poll(); // anything duplicated would arrive now
            }

            for (String topic : topics.subList(0, 3)) {
                assertThat(ids(outputs, topic, Set.of())).as(topic + " (warm-up included)").doesNotHaveDuplicates();
            }
            assertThat(ids(outputs, Topics.MARKET_PRICES, warmUp)).as("prices").containsExactlyInAnyOrderElementsOf(tradeIds);
            assertThat(ids(outputs, Topics.MARKET_VOLUME, warmUp)).as("volume").containsExactlyInAnyOrderElementsOf(tradeIds);
            assertThat(ids(outputs, Topics.MARKET_ORDERBOOK, warmUp)).as("order books").containsExactlyInAnyOrderElementsOf(deltaIds);
            Map<String, List<BigDecimal>> pricesBySymbol = new HashMap<>();
            Map<String, List<Long>> bookSeqsBySymbol = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : outputs.records(Topics.MARKET_PRICES)) {
                JsonNode price = BinaryMarket.json(record.value());
                if (!warmUp.contains(UUID.fromString(price.get("eventId").asText()))) {
                    pricesBySymbol.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(price.at("/data/price").decimalValue());
                }
            }
            for (ConsumerRecord<String, byte[]> record : outputs.records(Topics.MARKET_ORDERBOOK)) {
                bookSeqsBySymbol.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(BinaryMarket.json(record.value()).at("/data/book_seq").asLong());
            }
            tradePrices.forEach((symbol, prices) -> assertThat(pricesBySymbol.get(symbol)).as("order of " + symbol)
                    .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(prices));
            bookSeqsBySymbol.forEach((symbol, seqs) -> assertThat(seqs).as("book of " + symbol + " without gap or repeat")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList()));
            long warmUpsProcessed = outputs.records(Topics.MARKET_PRICES).stream()
                    .filter(r -> warmUp.contains(eventId(r.value()))).count();
            List<JsonNode> bars = closedBars(outputs, fedUntil);
            assertThat(bars).extracting(b -> b.get("symbol").asText() + "@" + b.get("window_start").asText()).as("1 s bars")
                    .doesNotHaveDuplicates();
            assertThat(bars.stream().mapToLong(b -> b.get("trade_count").asLong()).sum()).as("trades counted in 1 s bars")
                    .isEqualTo(tradeIds.size() - SYMBOLS + warmUpsProcessed);
            assertThat(bars).allSatisfy(b -> assertThat(Instant.parse(b.get("window_start").asText())).isAfterOrEqualTo(base.minusSeconds(1)));
            assertThat(fed).isGreaterThan(PRICES_BEFORE_KILL);

            List<String> barsOnTopic = outputs.records(Topics.MARKET_DATA_AGGREGATED).stream().map(r -> storedForm(BinaryMarket.json(r.value())))
                    .toList();
            await("every closed bar in PostgreSQL").atMost(Duration.ofMinutes(1)).until(() -> storedBars().size() >= barsOnTopic.size());
            assertThat(storedBars()).as("bars in PostgreSQL: each closed bar once, with its event id and values")
                    .containsExactlyInAnyOrderElementsOf(barsOnTopic);
        }
    }

    /** A bar on the topic as one line: event id, symbol, interval, start, prices and counts. */
    private static String storedForm(JsonNode bar) {
        JsonNode data = bar.get("data");
        return String.join("|", bar.get("eventId").asText(), data.get("symbol").asText(), data.get("interval").asText(),
                Instant.parse(data.get("window_start").asText()).toString(), number(data, "open"), number(data, "high"),
                number(data, "low"), number(data, "close"), number(data, "volume"), number(data, "vwap"),
                data.get("trade_count").asText());
    }

    private static String number(JsonNode data, String field) {
        return data.get(field).decimalValue().stripTrailingZeros().toPlainString();
    }

    /** This run's rows of market_candles, in the form of {@link #storedForm}. */
    private List<String> storedBars() throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(DATABASE, "marketstream", "marketstream");
                java.sql.PreparedStatement query = db.prepareStatement("SELECT event_id, symbol, interval_seconds, window_start, "
                        + "open, high, low, close, volume, vwap, trade_count FROM market_candles WHERE symbol LIKE ?")) {
            query.setString(1, prefix + "%");
            try (java.sql.ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(String.join("|", row.getString(1), row.getString(2), row.getInt(3) == 1 ? "1s" : "1m",
                            row.getTimestamp(4).toInstant().toString(), plain(row.getBigDecimal(5)), plain(row.getBigDecimal(6)),
                            plain(row.getBigDecimal(7)), plain(row.getBigDecimal(8)), plain(row.getBigDecimal(9)),
                            plain(row.getBigDecimal(10)), Long.toString(row.getLong(11))));
                }
            }
        }
        return rows;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /**
     * Live records, round-robin over the symbols, alternating a trade and a book delta per symbol, at a steady pace,
     * until {@link #TICKS_AFTER_KILL} after {@code killed} (at most {@link #MAX_TICKS}); returns how many were fed.
     */
    private int feed(KafkaProducer<String, byte[]> producer, AtomicBoolean killed) {
        long start = System.nanoTime();
        int end = MAX_TICKS;
        for (int i = 0; i < end; i++) {
            if (end == MAX_TICKS && killed.get()) {
                end = Math.min(MAX_TICKS, i + TICKS_AFTER_KILL);
            }
            int symbol = i % SYMBOLS;
            if ((i / SYMBOLS) % 2 == 0) {
                sendTrade(producer, symbol, i, Instant.now());
            } else {
                byte[] delta = BinaryMarket.bookDelta(prefix + symbol, ++bookSeq[symbol], Instant.now(),
                        "B 99." + String.format("%02d", i % 100) + "x" + (1 + i % 7));
                deltaIds.add(eventId(delta));
                producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, prefix + symbol, delta));
            }
            long due = start + i * 1_000_000_000L / TICKS_PER_SECOND;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("feed interrupted", e);
                }
            }
        }
        producer.flush();
        return end;
    }

    private void sendTrade(KafkaProducer<String, byte[]> producer, int symbol, int sequence, Instant at) {
        BigDecimal price = BigDecimal.valueOf(10_000 + sequence, 2);
        byte[] trade = BinaryMarket.trade(prefix + symbol, price.toPlainString(), "1", at);
        tradePrices.computeIfAbsent(prefix + symbol, k -> Collections.synchronizedList(new ArrayList<>())).add(price);
        tradeIds.add(eventId(trade));
        producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, prefix + symbol, trade));
    }

    private static UUID eventId(byte[] record) {
        return UUID.fromString(BinaryMarket.json(record).get("eventId").asText());
    }

    /** The 1 s bars of windows that ended by {@code until}: all of them are closed once the final trades are in. */
    private static List<JsonNode> closedBars(OutputCollector outputs, Instant until) {
        return outputs.records(Topics.MARKET_DATA_AGGREGATED).stream()
                .map(r -> BinaryMarket.json(r.value()).get("data"))
                .filter(b -> b.get("interval").asText().equals("1s") && !Instant.parse(b.get("window_end").asText()).isAfter(until.plusSeconds(1)))
                .toList();
    }

    /** Event ids of a topic's outputs, leaving out the warm-up records. */
    private static List<UUID> ids(OutputCollector outputs, String topic, Set<UUID> warmUp) {
        return outputs.records(topic).stream().map(r -> eventId(r.value())).filter(id -> !warmUp.contains(id)).toList();
    }

    private static long closedBarTrades(OutputCollector outputs, Instant until) {
        return closedBars(outputs, until).stream().mapToLong(b -> b.get("trade_count").asLong()).sum();
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    /** Runs the packaged application as a child process of this test, with this run's application id and state. */
    private Process start(int run) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "eos-it-run-" + run + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + BOOTSTRAP,
                "-Dquarkus.kafka-streams.application-id=" + applicationId,
                "-Dkafka-streams.state.dir=" + stateDir,
                "-Dmp.messaging.connector.smallrye-kafka.group.id=" + applicationId + "-snapshots",
                "-Dprocessor.history.group-id=" + applicationId + "-history",
                "-Dquarkus.datasource.jdbc.url=" + DATABASE,
                "-jar", System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        readiness.put(process, URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
        return process;
    }

    private final Map<Process, URI> readiness = new HashMap<>();

    private void awaitReady(Process process) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as("processor process alive").isTrue();
            try {
                return http.send(HttpRequest.newBuilder(readiness.get(process)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stopAndCleanUp() throws Exception {
        for (Process process : processes) {
            process.destroy();
            process.waitFor();
        }
        KafkaGroups.deleteStreamsApplication(applicationId);
        KafkaGroups.deleteGroups(List.of(applicationId + "-snapshots", applicationId + "-history"));
        if (stateDir != null) {
            try (var paths = Files.walk(stateDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
