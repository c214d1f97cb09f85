package dev.marketstream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.EventSerde;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.testing.KafkaGroups;
import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.LocalStack;
import dev.marketstream.testing.OtlpCollector;
import dev.marketstream.testing.PackagedApp;
import dev.marketstream.testing.RedisProbe;
import dev.marketstream.testing.WsClient;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged services together on the local stack, as they run in production: provider ticks go
 * through market-ingest and the exactly-once stream-processor to a WebSocket client, and user events go
 * through the event-processor to the gateway pod that holds the user's connection, one of two pods. Tracing is on
 * as in the chart (ratio 0, so only what a caller samples is traced), exporting to a stand-in OTLP collector.
 */
class PlatformIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    static final Duration WAIT = Duration.ofSeconds(90);
    static final EventCodec CODEC = new EventCodec();
    static final String PROVIDER_TOKEN = "e2e-provider-" + RUN;
    static final String PROCESSOR_APP_ID = "e2e-stream-processor-" + RUN;
    static final String USER_EVENT_GROUP = "e2e-event-processor-" + RUN;

    static final List<PackagedApp> apps = new ArrayList<>();
    static PackagedApp ingest;
    static PackagedApp gatewayA;
    static PackagedApp gatewayB;
    static KafkaProducer<String, EventEnvelope<PortfolioUpdate>> userEvents;
    static OtlpCollector collector;

    @BeforeAll
    static void startPlatform() {
        collector = OtlpCollector.start();
        KafkaGroups.startAtEnd(USER_EVENT_GROUP, List.of(Topics.USER_EVENTS, Topics.TRADING_ALERTS, Topics.SYSTEM_NOTIFICATIONS));
        apps.add(PackagedApp.start("event-processor", traced(Map.of(
                "mp.messaging.incoming.user-events.group.id", USER_EVENT_GROUP,
                "mp.messaging.incoming.trading-alerts.group.id", USER_EVENT_GROUP,
                "mp.messaging.incoming.system-notifications.group.id", USER_EVENT_GROUP,
                "event-processor.stream.key", "e2e:" + RUN + ":portfolio-updates",
                "event-processor.stream.dead-letter-key", "e2e:" + RUN + ":portfolio-updates.dlq",
                "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl()))));
        // Offsets committed at the current end: ticks sent before its partitions are assigned are read, not skipped.
        KafkaGroups.startAtEnd(PROCESSOR_APP_ID, List.of(Topics.MARKET_DATA_RAW));
        KafkaGroups.startAtEnd(PROCESSOR_APP_ID + "-history", List.of(Topics.MARKET_DATA_AGGREGATED));
        apps.add(PackagedApp.start("stream-processor", traced(Map.of(
                "quarkus.kafka-streams.application-id", PROCESSOR_APP_ID,
                "kafka-streams.state.dir", "target/" + PROCESSOR_APP_ID,
                "mp.messaging.connector.smallrye-kafka.group.id", PROCESSOR_APP_ID + "-snapshots",
                "processor.history.group-id", PROCESSOR_APP_ID + "-history",
                "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl()))));
        gatewayA = gateway("a");
        gatewayB = gateway("b");
        ingest = PackagedApp.start("market-ingest", traced(Map.of(
                "ingest.synthetic.enabled", "false",
                "ingest.provider-tokens.e2e", PROVIDER_TOKEN,
                "%prod.ingest.provider-tokens.local", PROVIDER_TOKEN)));
        apps.add(ingest);

        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        userEvents = new KafkaProducer<>(producer, new StringSerializer(), EventSerde.of(PortfolioUpdate.class).serializer());
    }

    private static PackagedApp gateway(String pod) {
        PackagedApp gateway = PackagedApp.start("ws-gateway", traced(Map.of(
                "gateway.pod-id", "e2e-" + RUN + "-" + pod,
                // every tick is asserted, also when a busy machine slows the event loops: no lane conflation
                "gateway.outbound.lane-conflate-after", "60s",
                // tests may hold many connections of one user at once: no per-user connection limit
                "gateway.limits.max-connections-per-user", "100000",
                // the warm-up as deployed, shortened: each pod runs it before it reports ready
                "gateway.warm-up.connections", "200",
                "quarkus.datasource.reactive.url", LocalStack.testDatabaseUrl(),
                "quarkus.datasource.jdbc.url", "jdbc:" + LocalStack.testDatabaseUrl())));
        apps.add(gateway);
        return gateway;
    }

    /** A service's settings with tracing on as the chart sets it, sampling only what callers sample, exported at once. */
    private static Map<String, String> traced(Map<String, String> settings) {
        Map<String, String> traced = new HashMap<>(settings);
        traced.put("quarkus.otel.sdk.disabled", "false");
        traced.put("quarkus.otel.traces.sampler.arg", "0");
        traced.put("quarkus.otel.exporter.otlp.traces.endpoint", collector.endpoint());
        traced.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        traced.put("quarkus.otel.bsp.schedule.delay", "200ms");
        return traced;
    }

    @AfterAll
    static void stopPlatform() {
        if (userEvents != null) {
            userEvents.close();
        }
        apps.forEach(PackagedApp::close);
        if (collector != null) {
            collector.close();
        }
        KafkaGroups.deleteStreamsApplication(PROCESSOR_APP_ID);
        KafkaGroups.deleteGroups(List.of(PROCESSOR_APP_ID + "-snapshots", PROCESSOR_APP_ID + "-history", USER_EVENT_GROUP));
        String symbol = "E2E" + RUN.substring(0, 4);
        try (RedisProbe redis = new RedisProbe()) {
            for (String untraded : List.of(symbol, "T2E" + RUN.substring(0, 4))) {
                redis.integer(Command.SREM, RedisKeys.KNOWN_SYMBOLS, untraded);
                redis.integer(Command.HDEL, RedisKeys.snapshot("price"), untraded);
                redis.integer(Command.HDEL, RedisKeys.snapshot("volume"), untraded);
            }
            String traded = "H2E" + RUN.substring(0, 4);
            redis.integer(Command.SREM, RedisKeys.KNOWN_SYMBOLS, traded);
            redis.integer(Command.HDEL, RedisKeys.snapshot("price"), traded);
            redis.integer(Command.HDEL, RedisKeys.snapshot("volume"), traded);
            redis.integer(Command.HDEL, RedisKeys.snapshot("candles"), traded + ":1s", traded + ":1m");
        }
    }

    @Test
    void providerTicksReachASubscribedClientThroughTheExactlyOncePipeline() {
        String symbol = "E2E" + RUN.substring(0, 4);
        try (WsClient client = WsClient.connect(gatewayA.ws("/ws"), LocalJwt.trader("e2e-market-" + RUN))) {
            // The gateway knows a symbol once the pipeline has carried it; until then it answers unknown_symbol.
            await("symbol known to the gateway").atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                postTicks(symbol, List.of("100.00"));
                client.send(subscribe(symbol, "probe-" + System.nanoTime()));
                return !client.received(f -> f.contains("\"subscribed\"")).isEmpty();
            });

            List<String> prices = List.of("101.10", "101.20", "101.30", "101.40", "101.50");
            postTicks(symbol, prices);

            // Compared as numbers: the gateway writes 101.1 for the 101.10 a provider sent.
            List<BigDecimal> expected = prices.stream().map(p -> new BigDecimal(p).stripTrailingZeros()).toList();
            await("live prices").atMost(WAIT).until(() -> livePrices(client, symbol).containsAll(expected));
            List<BigDecimal> live = livePrices(client, symbol);
            assertThat(live.subList(live.size() - prices.size(), live.size()))
                    .as("the last five live prices, in the order they were sent")
                    .usingElementComparator(BigDecimal::compareTo)
                    .containsExactlyElementsOf(prices.stream().map(BigDecimal::new).toList());
        }
    }

    /**
     * One trace from provider to client: a provider batch sent with a sampled W3C traceparent reaches the client in a
     * frame that names the provider's trace id, through the real Kafka and the exactly-once processor; ingest, processor
     * and gateway each export a span of that trace, while the untraced ticks before it carry no trace id.
     */
    @Test
    void aProviderTraceReachesTheClientFrameAndEveryServiceOnTheWayExportsASpanOfIt() {
        String symbol = "T2E" + RUN.substring(0, 4);
        try (WsClient client = WsClient.connect(gatewayA.ws("/ws"), LocalJwt.trader("e2e-trace-" + RUN))) {
            await("symbol known to the gateway").atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                postTicks(symbol, List.of("50.00"), null);
                client.send(subscribe(symbol, "probe-" + System.nanoTime()));
                return !client.received(f -> f.contains("\"subscribed\"")).isEmpty();
            });
            TraceContext provider = TraceContext.newTrace();

            postTicks(symbol, List.of("50.10"), null);
            postTicks(symbol, List.of("50.25"), provider.traceparent(true));

            await("the untraced and the traced price").atMost(WAIT)
                    .until(() -> !liveFrames(client, symbol, "50.10").isEmpty() && !liveFrames(client, symbol, "50.25").isEmpty());
            assertThat(json(liveFrames(client, symbol, "50.25").get(0)).path("trace_id").asText()).isEqualTo(provider.traceId());
            assertThat(liveFrames(client, symbol, "50.10").get(0)).as("an untraced tick's frame").doesNotContain("trace_id");
            await("spans exported by every service").atMost(WAIT).untilAsserted(() -> assertThat(List.of("market-ingest",
                    "stream-processor", "ws-gateway")).allMatch(service -> collector.exported(service, provider.traceId())));
        }
    }

    /**
     * One trace from a business service to the client: a portfolio update published to Kafka with a sampled W3C
     * traceparent keeps its trace through the event-processor's Redis stream entry and Pub/Sub delivery, so the client's
     * frame names that trace and the event-processor and the gateway each export a span of it; an untraced update's
     * frame carries no trace id.
     */
    @Test
    void aUserEventTraceReachesTheClientFrameThroughRedis() {
        String user = "e2e-traced-user-" + RUN;
        try (WsClient client = WsClient.connect(gatewayB.ws("/ws"), LocalJwt.trader(user))) {
            subscribePortfolio(client);
            TraceContext business = TraceContext.newTrace();
            EventEnvelope<PortfolioUpdate> untraced = portfolioUpdate(user, 1);
            EventEnvelope<PortfolioUpdate> traced = portfolioUpdate(user, 2);

            send(untraced, null);
            send(traced, business);

            JsonNode frame = json(client.awaitReceived("the traced update", f -> f.contains(traced.eventId().toString()), WAIT));
            assertThat(frame.path("trace_id").asText()).isEqualTo(business.traceId());
            assertThat(client.awaitReceived("the untraced update", f -> f.contains(untraced.eventId().toString()), WAIT))
                    .as("an untraced update's frame").doesNotContain("trace_id");
            await("spans exported by the event-processor and the gateway").atMost(WAIT).untilAsserted(() -> assertThat(
                    List.of("event-processor", "ws-gateway")).allMatch(service -> collector.exported(service, business.traceId())));
        }
    }

    /**
     * The seam: while a symbol trades (a tick every 250 ms, so every second has a bar), a client subscribes with
     * {@code history: {interval: 1s}} and gets the stored bars, then the live ones: consecutive windows, none twice.
     */
    @Test
    void subscribingWithHistoryDuringTradingGivesConsecutiveBars() throws Exception {
        String symbol = "H2E" + RUN.substring(0, 4);
        String token = LocalJwt.trader("e2e-history-" + RUN);
        java.util.concurrent.ScheduledExecutorService feed = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (WsClient client = WsClient.connect(gatewayB.ws("/ws"), token)) {
            java.util.concurrent.atomic.AtomicInteger tick = new java.util.concurrent.atomic.AtomicInteger();
            feed.scheduleAtFixedRate(() -> postTicks(symbol, List.of(BigDecimal.valueOf(10_000 + tick.incrementAndGet() % 50, 2)
                    .toPlainString())), 0, 250, TimeUnit.MILLISECONDS);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest stored = HttpRequest.newBuilder(gatewayA.http("/api/v1/market/" + symbol + "/candles?interval=1s"))
                    .header("Authorization", "Bearer " + token).build();
            await("five 1 s bars stored").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> page = http.send(stored, HttpResponse.BodyHandlers.ofString());
                return page.statusCode() == 200 && json(page.body()).get("candles").size() >= 5;
            });

            client.awaitReceived("session", f -> f.contains("\"session\""), WAIT);
            client.send("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"" + symbol + "\"],\"data_types\":[\"candles\"],"
                    + "\"history\":{\"interval\":\"1s\",\"count\":50}}}");
            client.awaitReceived("history", f -> f.contains("\"market_candle_history\""), WAIT);
            await("live 1 s bars after the history").atMost(WAIT).until(() -> liveSecondBars(client).size() >= 4);

            JsonNode history = json(client.received(f -> f.contains("\"market_candle_history\"")).get(0));
            List<Instant> bars = new ArrayList<>();
            history.at("/data/bars").forEach(bar -> bars.add(Instant.parse(bar.get("window_start").asText())));
            int storedCount = bars.size();
            bars.addAll(liveSecondBars(client));
            assertThat(storedCount).as("stored bars in the history").isGreaterThanOrEqualTo(5);
            for (int i = 1; i < bars.size(); i++) {
                assertThat(bars.get(i)).as("bar %d of %s (history: the first %d)", i, bars, storedCount).isEqualTo(bars.get(i - 1).plusSeconds(1));
            }
        } finally {
            feed.shutdownNow();
        }
    }

    private static List<Instant> liveSecondBars(WsClient client) {
        return client.received(f -> f.contains("\"market_candle\"") && f.contains("\"interval\":\"1s\"") && !f.contains("\"snapshot\":true"))
                .stream().map(f -> Instant.parse(json(f).at("/data/window_start").asText())).toList();
    }

    @Test
    void portfolioUpdateReachesTheUserOnTheOtherPodExactlyOnce() {
        String user = "e2e-user-" + RUN;
        try (WsClient onB = WsClient.connect(gatewayB.ws("/ws"), LocalJwt.trader(user));
                WsClient someoneOnA = WsClient.connect(gatewayA.ws("/ws"), LocalJwt.trader("e2e-other-" + RUN))) {
            subscribePortfolio(onB);
            subscribePortfolio(someoneOnA);

            EventEnvelope<PortfolioUpdate> update = portfolioUpdate(user, 1);
            send(update);

            onB.awaitReceived("portfolio update on pod B", f -> f.contains(update.eventId().toString()), WAIT);
            await("no second delivery on pod B").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> onB.received(f -> f.contains(update.eventId().toString())).size() == 1);
            assertThat(onB.received(f -> f.contains(update.eventId().toString()))).hasSize(1);
            assertThat(someoneOnA.received(f -> f.contains("portfolio_update"))).isEmpty();
        }
    }

    @Test
    void resumeOnTheOtherPodReplaysExactlyTheMissedEvents() {
        String user = "e2e-resume-" + RUN;
        String sessionId;
        long lastSeq;
        EventEnvelope<PortfolioUpdate> seen = portfolioUpdate(user, 1);
        try (WsClient onA = WsClient.connect(gatewayA.ws("/ws"), LocalJwt.trader(user))) {
            sessionId = json(onA.awaitReceived("session", f -> f.contains("\"session\""), WAIT)).at("/data/session_id").asText();
            subscribePortfolio(onA);
            send(seen);
            lastSeq = json(onA.awaitReceived("first update", f -> f.contains(seen.eventId().toString()), WAIT)).get("seq").asLong();
        }
        List<EventEnvelope<PortfolioUpdate>> missed = List.of(portfolioUpdate(user, 2), portfolioUpdate(user, 3));
        missed.forEach(PlatformIT::send);
        awaitDelivered(user, lastSeq + missed.size());

        try (WsClient onB = WsClient.connect(gatewayB.ws("/ws"), LocalJwt.trader(user))) {
            onB.awaitReceived("session", f -> f.contains("\"session\""), WAIT);
            onB.send("{\"event\":\"resume\",\"data\":{\"session_id\":\"" + sessionId + "\",\"last_seq\":" + lastSeq + "}}");
            await("missed events replayed").atMost(WAIT).until(() -> onB.received(f -> f.contains("portfolio_update")).size() >= 2);
            await("nothing replayed beyond the missed events").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> onB.received(f -> f.contains("portfolio_update")).size() == missed.size());

            List<JsonNode> replayed = onB.received(f -> f.contains("portfolio_update")).stream().map(PlatformIT::json).toList();
            assertThat(replayed).extracting(f -> f.at("/data/event_id").asText())
                    .containsExactly(missed.get(0).eventId().toString(), missed.get(1).eventId().toString());
            assertThat(replayed).extracting(f -> f.get("seq").asLong()).containsExactly(lastSeq + 1, lastSeq + 2);
        }
    }

    /** Waits until the event-processor has appended the user's events to the history that resume reads. */
    /**
     * Every metric an alert rule or a dashboard panel of the chart queries is exported by a running service, once ticks
     * and a user event have flowed: a renamed or removed metric fails here, not silently on a dashboard.
     */
    @Test
    void everyMetricOfTheAlertRulesAndDashboardsIsExported() {
        Path files = LocalStack.repositoryRoot().resolve("helm/marketstream/files");
        Map<String, String> referenced = MetricReferences.inRulesAndDashboards(files.resolve("prometheus/rules.yml"),
                files.resolve("dashboards"));
        assertThat(referenced).as("metrics the rules and dashboards query").containsKeys(
                "marketstream_gateway_market_latency_seconds_bucket", "marketstream_kafka_consumer_lag",
                "marketstream_eventprocessor_stream_length");
        String user = "e2e-metrics-" + RUN;
        postTicks("M2E" + RUN.substring(0, 4), List.of("50.00", "50.10"));
        send(portfolioUpdate(user, 1));
        HttpClient http = HttpClient.newHttpClient();
        await("every referenced metric exported").atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>();
            for (PackagedApp app : apps) {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(app.http("/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                exported.addAll(MetricReferences.exported(page.body()));
            }
            Map<String, String> missing = new TreeMap<>(referenced);
            missing.keySet().removeAll(exported);
            assertThat(missing).as("metrics queried by rules/dashboards (→ where) that no service exports").isEmpty();
        });
    }

    private static void awaitDelivered(String user, long count) {
        try (RedisProbe redis = new RedisProbe()) {
            await("events in the user's history").atMost(WAIT)
                    .until(() -> redis.integer(Command.XLEN, RedisKeys.userHistory(user)) >= count);
        }
    }

    private static void subscribePortfolio(WsClient client) {
        client.awaitReceived("session", f -> f.contains("\"session\""), WAIT);
        client.send("{\"event\":\"subscribe_portfolio\",\"request_id\":\"pf\",\"data\":{\"portfolio_id\":\"*\"}}");
        client.awaitReceived("portfolio subscribed", f -> f.contains("\"subscribed\"") && f.contains("\"pf\""), WAIT);
    }

    private static String subscribe(String symbol, String requestId) {
        return "{\"event\":\"subscribe_market_data\",\"request_id\":\"" + requestId + "\",\"data\":{\"symbols\":[\"" + symbol
                + "\"],\"data_types\":[\"price\"]}}";
    }

    private static List<BigDecimal> livePrices(WsClient client, String symbol) {
        return client.received(f -> f.contains("\"market_data\"") && f.contains("\"" + symbol + "\"") && !f.contains("\"snapshot\":true"))
                .stream().map(f -> json(f).at("/data/price").decimalValue().stripTrailingZeros()).toList();
    }

    private static List<String> liveFrames(WsClient client, String symbol, String price) {
        BigDecimal wanted = new BigDecimal(price);
        return client.received(f -> f.contains("\"market_data\"") && f.contains("\"" + symbol + "\"") && !f.contains("\"snapshot\":true"))
                .stream().filter(f -> json(f).at("/data/price").decimalValue().compareTo(wanted) == 0).toList();
    }

    private static void postTicks(String symbol, List<String> prices) {
        postTicks(symbol, prices, null);
    }

    /** Posts a provider batch, with a W3C {@code traceparent} header when it is not null. */
    private static void postTicks(String symbol, List<String> prices, String traceparent) {
        StringBuilder body = new StringBuilder("[");
        for (String price : prices) {
            body.append(body.length() > 1 ? "," : "").append("{\"symbol\":\"").append(symbol).append("\",\"price\":").append(price)
                    .append(",\"volume\":10,\"timestamp\":\"").append(Instant.now()).append("\"}");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(ingest.http("/api/v1/ingest/ticks"))
                .header("Authorization", "Bearer " + PROVIDER_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString()));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static EventEnvelope<PortfolioUpdate> portfolioUpdate(String user, int n) {
        JsonNode data = CODEC.mapper().createObjectNode().put("symbol", "AAPL").put("quantity", n);
        return EventEnvelope.of("platform-tests", new PortfolioUpdate("pf-" + user, user, PortfolioUpdate.UpdateType.POSITION, data, Instant.now()));
    }

    private static void send(EventEnvelope<PortfolioUpdate> event) {
        send(event, null);
    }

    /** Publishes the event as a business service does, with the sampled trace context {@code trace} unless it is null. */
    private static void send(EventEnvelope<PortfolioUpdate> event, TraceContext trace) {
        ProducerRecord<String, EventEnvelope<PortfolioUpdate>> record = new ProducerRecord<>(Topics.USER_EVENTS, event.partitionKey(), event);
        if (trace != null) {
            TraceHeaders.write(record.headers(), trace, true);
        }
        try {
            userEvents.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce " + event.eventId(), e);
        }
    }

    private static JsonNode json(String frame) {
        try {
            return CODEC.mapper().readTree(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
