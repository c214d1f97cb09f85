package dev.marketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.market.PriceUpdate;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;
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
 * Proves exactly-once across a crash: the packaged processor is killed with SIGKILL while ticks are
 * streaming and started again; every tick yields exactly one output per topic (same event ids, none
 * twice), in order per symbol, and the closed bars count every tick exactly once.
 */
class ExactlyOnceIT {

    private static final EventCodec CODEC = new EventCodec();
    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private static final int SYMBOLS = 8;
    private static final int TICKS_PER_SECOND = 400;
    /** Prices seen before the kill: the processor is mid-stream, however fast this machine runs it. */
    private static final int PRICES_BEFORE_KILL = 1500;
    /** Ticks fed after the kill, so the restarted processor takes over a live stream. */
    private static final int TICKS_AFTER_KILL = 2000;
    /** Bound of the feed (150 s at the pace above) should the processor never reach {@link #PRICES_BEFORE_KILL}. */
    private static final int MAX_TICKS = 60_000;
    /** Longer than a 1 s window plus its grace (2 s), so the final ticks close every window of the run. */
    private static final Duration GRACE_AND_WINDOW = Duration.ofSeconds(4);

    private final String prefix = "E" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";
    private final String applicationId = "stream-processor-eos-it-" + UUID.randomUUID();
    private final List<Process> processes = new ArrayList<>();
    private Path stateDir;

    @Test
    void everyTickGivesExactlyOneOutputPerTopicAcrossAKill() throws Exception {
        stateDir = Files.createTempDirectory("eos-it-state");
        Instant base = Instant.now();
        Map<String, List<EventEnvelope<MarketTick>>> sent = Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> topics = List.of(Topics.MARKET_PRICES, Topics.MARKET_VOLUME, Topics.MARKET_ORDERBOOK, Topics.MARKET_DATA_AGGREGATED);
        try (OutputCollector outputs = new OutputCollector(BOOTSTRAP, topics, r -> r.key() != null && r.key().startsWith(prefix));
                KafkaProducer<String, byte[]> producer = producer()) {
            // Offsets committed at the current end, so every tick sent from now on is read, however late the assignment.
            KafkaGroups.startAtEnd(applicationId, List.of(Topics.MARKET_DATA_RAW));
            Process first = start(1);
            awaitReady(first);
            // Tick each symbol until its partition is being read: the kill must come when every task is mid-stream.
            Set<UUID> warmUp = ConcurrentHashMap.newKeySet();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Set<String> reading = outputs.poll().records(Topics.MARKET_VOLUME).stream().map(ConsumerRecord::key)
                        .collect(Collectors.toSet());
                for (int s = 0; s < SYMBOLS; s++) {
                    if (!reading.contains(prefix + s)) {
                        EventEnvelope<MarketTick> tick = tick(s, 0, Instant.now());
                        warmUp.add(tick.eventId());
                        producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, tick.partitionKey(), CODEC.encode(tick)));
                    }
                }
                producer.flush();
                return reading.size() == SYMBOLS;
            });
            AtomicBoolean killed = new AtomicBoolean();
            CompletableFuture<Integer> feeder = CompletableFuture.supplyAsync(() -> feed(producer, sent, killed));

            await().atMost(Duration.ofMinutes(3)).until(() -> outputs.poll().records(Topics.MARKET_PRICES).size() >= PRICES_BEFORE_KILL);
            assertThat(feeder).as("ticks still streaming when the processor dies").isNotDone();
            first.destroyForcibly().waitFor();   // SIGKILL: no commit, no leave-group, transactions left open
            killed.set(true);

            Process second = start(2);
            int fed = feeder.get();
            Instant fedUntil = Instant.now();
            Thread.sleep(GRACE_AND_WINDOW.toMillis());
            for (int s = 0; s < SYMBOLS; s++) {  // later ticks move stream time past the last 1 s window and its grace
                send(producer, sent, tick(s, fed, Instant.now()));
            }
            producer.flush();
            List<UUID> inputIds = sent.values().stream().flatMap(List::stream).map(EventEnvelope::eventId).toList();
            await().atMost(Duration.ofMinutes(4)).until(() -> outputs.poll() != null
                    && ids(outputs, Topics.MARKET_PRICES, warmUp).size() >= inputIds.size()
                    && ids(outputs, Topics.MARKET_VOLUME, warmUp).size() >= inputIds.size()
                    && ids(outputs, Topics.MARKET_ORDERBOOK, warmUp).size() >= inputIds.size()
                    && closedBarTrades(outputs, fedUntil) >= fed);
            awaitReady(second);
            long quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < quietUntil) {
                outputs.poll(); // anything duplicated would arrive now
            }

            for (String topic : List.of(Topics.MARKET_PRICES, Topics.MARKET_VOLUME, Topics.MARKET_ORDERBOOK)) {
                List<UUID> all = outputs.records(topic).stream().map(r -> CODEC.decode(r.value()).eventId()).toList();
                assertThat(all).as(topic + " (warm-up included)").doesNotHaveDuplicates();
                assertThat(ids(outputs, topic, warmUp)).as(topic).containsExactlyInAnyOrderElementsOf(inputIds);
            }
            long warmUpsProcessed = outputs.records(Topics.MARKET_PRICES).stream()
                    .filter(r -> warmUp.contains(CODEC.decode(r.value()).eventId())).count();
            Map<String, List<BigDecimal>> pricesBySymbol = outputs.records(Topics.MARKET_PRICES).stream()
                    .map(r -> CODEC.decode(r.value(), PriceUpdate.class))
                    .filter(e -> !warmUp.contains(e.eventId()))
                    .map(EventEnvelope::data)
                    .collect(Collectors.groupingBy(PriceUpdate::symbol, LinkedHashMap::new,
                            Collectors.mapping(PriceUpdate::price, Collectors.toList())));
            sent.forEach((symbol, ticks) -> assertThat(pricesBySymbol.get(symbol)).as("order of " + symbol)
                    .containsExactlyElementsOf(ticks.stream().map(t -> t.data().price()).toList()));
            List<OhlcvBar> bars = closedBars(outputs, fedUntil);
            assertThat(bars).extracting(b -> b.symbol() + "@" + b.windowStart()).as("1 s bars").doesNotHaveDuplicates();
            assertThat(bars.stream().mapToLong(OhlcvBar::tradeCount).sum()).as("ticks counted in 1 s bars")
                    .isEqualTo(fed + warmUpsProcessed);
            assertThat(bars).allSatisfy(b -> assertThat(b.windowStart()).isAfterOrEqualTo(base.minusSeconds(1)));
        }
    }

    /**
     * Live ticks, round-robin over the symbols, at a steady pace, until {@link #TICKS_AFTER_KILL} after {@code killed}
     * (at most {@link #MAX_TICKS}); returns how many were fed.
     */
    private int feed(KafkaProducer<String, byte[]> producer, Map<String, List<EventEnvelope<MarketTick>>> sent, AtomicBoolean killed) {
        long start = System.nanoTime();
        int end = MAX_TICKS;
        for (int i = 0; i < end; i++) {
            if (end == MAX_TICKS && killed.get()) {
                end = Math.min(MAX_TICKS, i + TICKS_AFTER_KILL);
            }
            send(producer, sent, tick(i % SYMBOLS, i, Instant.now()));
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

    private EventEnvelope<MarketTick> tick(int symbol, int sequence, Instant at) {
        BigDecimal price = BigDecimal.valueOf(10_000 + sequence, 2);
        MarketTick tick = new MarketTick(prefix + symbol, price, BigDecimal.ONE, at, "XEOS",
                List.of(new PriceLevel(price.subtract(new BigDecimal("0.01")), BigDecimal.TEN)), List.of());
        return EventEnvelope.of("eos-it", tick);
    }

    private static void send(KafkaProducer<String, byte[]> producer, Map<String, List<EventEnvelope<MarketTick>>> sent,
            EventEnvelope<MarketTick> tick) {
        sent.computeIfAbsent(tick.partitionKey(), s -> Collections.synchronizedList(new ArrayList<>())).add(tick);
        producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, tick.partitionKey(), CODEC.encode(tick)));
    }

    /** The 1 s bars of windows that ended by {@code until}: all of them are closed once the final ticks are in. */
    private static List<OhlcvBar> closedBars(OutputCollector outputs, Instant until) {
        return outputs.records(Topics.MARKET_DATA_AGGREGATED).stream()
                .map(r -> CODEC.decode(r.value(), OhlcvBar.class).data())
                .filter(b -> b.interval().equals("1s") && !b.windowEnd().isAfter(until.plusSeconds(1)))
                .toList();
    }

    /** Event ids of a topic's outputs, leaving out the warm-up ticks. */
    private static List<UUID> ids(OutputCollector outputs, String topic, Set<UUID> warmUp) {
        return outputs.records(topic).stream().map(r -> CODEC.decode(r.value()).eventId()).filter(id -> !warmUp.contains(id)).toList();
    }

    private static long closedBarTrades(OutputCollector outputs, Instant until) {
        return closedBars(outputs, until).stream().mapToLong(OhlcvBar::tradeCount).sum();
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
        KafkaGroups.deleteGroups(List.of(applicationId + "-snapshots"));
        if (stateDir != null) {
            try (var paths = Files.walk(stateDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
