package dev.marketstream.marketingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketstream.events.kafka.Topics;
import dev.marketstream.marketingest.PrivateKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Proves, on the packaged app and a private broker this test stops and starts, that a Kafka outage
 * turns into 503 + Retry-After, opens the circuit breaker (and readiness), that ingest recovers when
 * Kafka is back, and that exactly the batches answered 2xx are in the topic: nothing lost, nothing half-done.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = KafkaOutageIT.Setup.class, restrictToAnnotatedClass = true)
class KafkaOutageIT {

    /** The private broker, plus what the packaged (prod-profile) app needs for this test. */
    public static class Setup extends PrivateKafka {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new java.util.HashMap<>(super.start());
            config.put("%prod.ingest.provider-tokens.local", "it-token");
            config.put("ingest.synthetic.enabled", "false");
            config.put("ingest.kafka.max-block", "3s");
            return config;
        }
    }

    private final String prefix = "O" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";
    private final Set<String> acknowledged = new HashSet<>();
    private final Set<String> refused = new HashSet<>();
    private int attempt;

    /** Posts a two-tick batch of one fresh symbol and records whether it was acknowledged. */
    private Response post() {
        String symbol = prefix + (++attempt);
        String tick = "{\"symbol\":\"" + symbol + "\",\"price\":%s,\"volume\":1,\"timestamp\":\"" + Instant.now() + "\"}";
        Response response = given().auth().oauth2("it-token").contentType("application/json")
                .body("[" + tick.formatted("1.5") + "," + tick.formatted("1.6") + "]")
                .post("/api/v1/ingest/ticks");
        (response.statusCode() == 200 ? acknowledged : refused).add(symbol);
        return response;
    }

    @Test
    void outageAnswers503OpensTheCircuitAndRecoversWithoutLosingOrHalfWritingBatches() throws Exception {
        assertThat(post().statusCode()).isEqualTo(200);

        PrivateKafka.broker.stopBroker();
        Response down = post();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.header("Retry-After")).matches("\\d+");
        assertThat(down.jsonPath().getString("type")).endsWith("/problems/unavailable");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Response open = post();
            assertThat(open.statusCode()).isEqualTo(503);
            assertThat(open.jsonPath().getString("detail")).contains("circuit kafka-send is open");
        });
        given().get("/q/health/ready").then().statusCode(503);

        PrivateKafka.broker.startBroker();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(post().statusCode()).isEqualTo(200));
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(post().statusCode()).isEqualTo(200);

        Map<String, Integer> published = ticksPerSymbol();
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(published.values()).allSatisfy(count -> assertThat(count).isEqualTo(2));
        assertThat(refused).hasSizeGreaterThan(1).doesNotContainAnyElementsOf(published.keySet());
    }

    /** Every committed tick of this run on the private broker's market-data-raw, counted per symbol. */
    private Map<String, Integer> ticksPerSymbol() {
        Map<String, Integer> counts = new java.util.HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PrivateKafka.broker.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MARKET_DATA_RAW, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.MARKET_DATA_RAW, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().startsWith(prefix)) {
                        counts.merge(record.key(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
