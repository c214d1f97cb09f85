package dev.marketstream.streamprocessor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.streamprocessor.OutputCollector;
import dev.marketstream.streamprocessor.StreamsTestResource;
import dev.marketstream.testing.BinaryMarket;
import dev.marketstream.testing.LocalJwt;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the running processor on the real Kafka and Redis with binary records: enrichment, fan-out, books, bars, snapshots, dead letters, re-drive, metrics. */
@QuarkusTest
@QuarkusTestResource(StreamsTestResource.class)
class PipelineTest {

    private static final String PREFIX = "P" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";
    private static final List<String> OUTPUTS = List.of(Topics.MARKET_PRICES, Topics.MARKET_VOLUME, Topics.MARKET_ORDERBOOK,
            Topics.MARKET_DATA_AGGREGATED, Topics.dlq(Topics.MARKET_DATA_RAW));

    private static KafkaProducer<String, byte[]> producer;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /**
     * Collects only the records of one test's own symbol: keyed by it, or (a dead letter written without a key) naming it.
     * Other tests' ticks, and the bars their windows close later, share these topics and must never count here.
     */
    private static OutputCollector outputsOf(String symbol) {
        String quoted = "\"" + symbol + "\"";
        return new OutputCollector(bootstrap(), OUTPUTS, r -> symbol.equals(r.key())
                || r.key() == null && r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(quoted));
    }

    /** Sends a binary trade of {@code PREFIX + symbol} as market-ingest would, and returns its event id. */
    private static UUID send(String symbol, String price, Instant at) {
        byte[] trade = BinaryMarket.trade(PREFIX + symbol, price, "10", at);
        producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, PREFIX + symbol, trade));
        producer.flush();
        return eventId(trade);
    }

    @Test
    void enrichedTradeReachesPricesVolumeAndTheRedisSnapshots() {
        String symbol = PREFIX + "A";
        producer.send(new ProducerRecord<>(Topics.REFERENCE_DATA, symbol, BinaryMarket.reference(symbol, "Utilities", "5000000", "20.00")));
        producer.flush();
        try (OutputCollector outputs = outputsOf(symbol)) {
            // The global store catches up asynchronously: trade until a price comes back enriched.
            JsonNode enriched = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        send("A", "21.00", Instant.now());
                        return outputs.poll().records(Topics.MARKET_PRICES).stream().map(r -> BinaryMarket.json(r.value()))
                                .filter(e -> e.at("/data/previous_close").isNumber()).findFirst().orElse(null);
                    }, e -> e != null);

            assertThat(enriched.at("/data/change").decimalValue()).isEqualByComparingTo("1.00");
            assertThat(enriched.at("/data/change_percent").decimalValue()).isEqualByComparingTo("5.0000");
            assertThat(enriched.at("/data/sector").asText()).isEqualTo("Utilities");
            UUID id = UUID.fromString(enriched.get("eventId").asText());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ids(outputs.poll().records(Topics.MARKET_VOLUME))).contains(id));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(snapshot("price", symbol)).isEqualTo(symbol);
                assertThat(snapshot("volume", symbol)).isEqualTo(symbol);
                assertThat(redis.set(String.class).sismember(RedisKeys.KNOWN_SYMBOLS, symbol)).isTrue();
            });
        } finally {
            cleanUpRedis(symbol);
        }
    }

    @Test
    void bookUpdatesBecomeTheProcessorsOwnSequenceAndTheFullBookTheRedisSnapshot() {
        String symbol = PREFIX + "K";
        try (OutputCollector outputs = outputsOf(symbol)) {
            Instant now = Instant.now();
            producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, symbol, BinaryMarket.bookSnapshot(symbol, 500, now, "B 9.99x100", "A 10.01x100")));
            producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, symbol, BinaryMarket.bookDelta(symbol, 501, now, "B 10.00x5")));
            producer.flush();

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(outputs.poll().records(Topics.MARKET_ORDERBOOK)
                    .stream().map(r -> BinaryMarket.json(r.value())).map(e -> e.at("/data/type").asText() + "#" + e.at("/data/book_seq").asLong()))
                    .containsExactly("snapshot#1", "update#2"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(snapshot("orderbook", symbol)).isEqualTo(symbol));
        } finally {
            cleanUpRedis(symbol);
        }
    }

    @Test
    void closedOneSecondBarIsPublishedAndBecomesTheCandleSnapshot() {
        String symbol = PREFIX + "B";
        // Ahead of every other test's ticks (within the allowed clock skew), so that none of them, landing on the
        // same partition earlier, has already moved its stream time past this window's grace; on a whole second, so
        // that both ticks below fall into the same 1 s window.
        Instant start = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        try (OutputCollector outputs = outputsOf(symbol)) {
            send("B", "10", start);
            send("B", "12", start.plusMillis(1));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                send("B", "11", start.plusSeconds(5)); // advances stream time of the partition past window end + grace
                List<JsonNode> bars = outputs.poll().records(Topics.MARKET_DATA_AGGREGATED).stream()
                        .map(r -> BinaryMarket.json(r.value()).get("data"))
                        .filter(b -> b.get("interval").asText().equals("1s")
                                && Instant.parse(b.get("window_start").asText()).isBefore(start.plusSeconds(1))).toList();
                assertThat(bars).singleElement().satisfies(bar -> {
                    assertThat(bar.get("trade_count").asLong()).isEqualTo(2);
                    assertThat(bar.get("high").decimalValue()).isEqualByComparingTo("12");
                });
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(snapshot("candles", symbol + ":1s")).isEqualTo(symbol));
        } finally {
            cleanUpRedis(symbol);
        }
    }

    @Test
    void poisonRecordsAreDeadLetteredWithOriginAndReasonAndTheStreamKeepsRunning() {
        String symbol = PREFIX + "C";
        try (OutputCollector outputs = outputsOf(symbol)) {
            producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, symbol, ("{\"oops\":\"" + symbol + "\"").getBytes(StandardCharsets.UTF_8)));
            byte[] trade = BinaryMarket.trade(symbol, "5", "1", Instant.now());
            producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, symbol, Arrays.copyOf(trade, trade.length - 4)));
            UUID after = send("C", "5", Instant.now());

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                outputs.poll();
                assertThat(outputs.records(Topics.dlq(Topics.MARKET_DATA_RAW))).hasSize(2).allSatisfy(dead -> {
                    assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(Topics.MARKET_DATA_RAW);
                    assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.OFFSET)).matches("\\d+");
                }).extracting(dead -> DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.CODE))
                        .containsExactly("UNSUPPORTED_SCHEMA", "MALFORMED_RECORD");
                assertThat(ids(outputs.records(Topics.MARKET_PRICES))).contains(after);
            });
        } finally {
            cleanUpRedis(symbol);
        }
    }

    @Test
    void redriveReturnsDeadLettersThatAreValidNowAndLeavesTheRest() {
        String symbol = PREFIX + "D";
        Instant since = Instant.now().minusSeconds(1);
        deadLetter(("{\"symbol\":\"" + symbol + "\",\"price\":7.5,\"volume\":1,\"timestamp\":\"" + Instant.now() + "\"}"));
        deadLetter("{\"symbol\":\"" + symbol + "\",\"price\":-1}");
        try (OutputCollector outputs = outputsOf(symbol)) {
            given().auth().oauth2(token("operator")).queryParam("since", since.toString()).queryParam("limit", 1000)
                    .post("/api/v1/dlq/market-data-raw/redrive")
                    .then().statusCode(200)
                    .body("examined", greaterThanOrEqualTo(2)).body("redriven", greaterThanOrEqualTo(1))
                    .body("stillInvalid", greaterThanOrEqualTo(1));

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> prices = outputs.poll().records(Topics.MARKET_PRICES);
                assertThat(prices).singleElement().satisfies(r -> {
                    assertThat(r.key()).isEqualTo(symbol);
                    assertThat(BinaryMarket.json(r.value()).at("/data/price").decimalValue()).isEqualByComparingTo("7.5");
                    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REDRIVE_COUNT)).isEqualTo("1");
                });
            });
        } finally {
            cleanUpRedis(symbol);
        }
    }

    @Test
    void redriveIsForOperatorsOnly() {
        given().post("/api/v1/dlq/market-data-raw/redrive").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("trader")).post("/api/v1/dlq/market-data-raw/redrive").then().statusCode(403);
        given().auth().oauth2(token("operator")).queryParam("limit", 0).post("/api/v1/dlq/market-data-raw/redrive")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("limit"))
                .body("detail", containsString("limit"));
    }

    @Test
    void metricsExposeStreamStateAndPerTopicThroughput() {
        // Per-topic metrics appear once records flow and the Micrometer binder has picked them up (it looks every 60 s).
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                send("M", "1", Instant.now());
                String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
                assertThat(metrics.contains("marketstream_processor_streams_state{state=\"RUNNING\"} 1.0")).as("state gauge RUNNING").isTrue();
                assertThat(metrics.contains("kafka_stream_topic_records_consumed_total{")).as("records consumed per topic").isTrue();
                assertThat(metrics.contains("topic=\"" + Topics.MARKET_PRICES + "\"")).as("records produced to market-prices").isTrue();
            });
        } finally {
            cleanUpRedis(PREFIX + "M");
        }
    }

    private static void deadLetter(String value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.dlq(Topics.MARKET_DATA_RAW), null,
                value.getBytes(StandardCharsets.UTF_8));
        DeadLetterHeaders.write(record.headers(), Topics.MARKET_DATA_RAW, -1, -1, EventValidationException.invalid("timestamp", "test"));
        producer.send(record);
        producer.flush();
    }

    private static String token(String group) {
        return LocalJwt.withGroups("ops-" + group, Set.of(group));
    }

    private static List<UUID> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> eventId(r.value())).toList();
    }

    private static UUID eventId(byte[] record) {
        return UUID.fromString(BinaryMarket.json(record).get("eventId").asText());
    }

    /** The symbol of the binary snapshot in a Redis hash field, or null. */
    private String snapshot(String dataType, String field) {
        byte[] value = redis.hash(byte[].class).hget(RedisKeys.snapshot(dataType), field);
        return value == null ? null : BinaryMarket.json(value).at("/data/symbol").asText();
    }

    private void cleanUpRedis(String symbol) {
        for (String type : List.of("price", "volume", "orderbook")) {
            redis.hash(byte[].class).hdel(RedisKeys.snapshot(type), symbol);
        }
        redis.hash(byte[].class).hdel(RedisKeys.snapshot("candles"), symbol + ":1s", symbol + ":1m");
        redis.set(String.class).srem(RedisKeys.KNOWN_SYMBOLS, symbol);
    }
}
