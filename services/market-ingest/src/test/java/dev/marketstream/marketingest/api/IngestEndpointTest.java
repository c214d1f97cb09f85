package dev.marketstream.marketingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.marketingest.TopicTail;
import dev.marketstream.platform.problem.Problem;
import dev.marketstream.testing.BinaryMarket;
import dev.marketstream.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Proves the provider HTTP and WebSocket endpoints publish valid ticks as binary records to the real Kafka, dead-letter bad items and refuse strangers. */
@QuarkusTest
class IngestEndpointTest {

    private static final String TOKEN = "test-token";
    private static final EventCodec CODEC = new EventCodec();

    private final MarketRecord reader = new MarketRecord();

    @TestHTTPResource("/ingest")
    URI socketUri;

    private final String prefix = "I" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private String tick(String symbol, String price) {
        return "{\"symbol\":\"" + prefix + symbol + "\",\"price\":" + price + ",\"volume\":100,\"timestamp\":\""
                + Instant.now() + "\"}";
    }

    private TopicTail raw() {
        return new TopicTail(bootstrap(), Topics.MARKET_DATA_RAW, r -> r.key() != null && r.key().startsWith(prefix));
    }

    private TopicTail deadLetters() {
        return new TopicTail(bootstrap(), Topics.dlq(Topics.MARKET_DATA_RAW),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(prefix));
    }

    @Test
    void acceptsValidBatchAndPublishesEachTickAsBinaryTradeKeyedBySymbolInOrder() {
        try (TopicTail raw = raw()) {
            given().auth().oauth2(TOKEN).contentType("application/json")
                    .body("[" + tick("A", "10.01") + "," + tick("B", "20") + "," + tick("A", "10.02") + "]")
                    .post("/api/v1/ingest/ticks")
                    .then().statusCode(200).body("accepted", equalTo(3)).body("rejected", equalTo(0));

            List<ConsumerRecord<String, byte[]>> records = raw.await(3);

            Set<TraceIds> traces = new HashSet<>();
            assertThat(records).hasSize(3).allSatisfy(record -> {
                assertThat(record.headers().lastHeader(TraceHeaders.TRACE_ID)).isNull();
                assertThat(reader.wrap(record.value())).isEqualTo(MarketType.TRADE);
                assertThat(reader.symbol()).isEqualTo(record.key());
                traces.add(Envelopes.trace(reader.envelope()));
                JsonNode event = BinaryMarket.json(record.value());
                assertThat(event.get("eventType").asText()).isEqualTo(MarketType.TRADE.wireName());
                assertThat(event.get("source").asText()).isEqualTo("test-provider");
            });
            assertThat(traces).as("one trace for the whole request").singleElement()
                    .satisfies(trace -> assertThat(trace.traced()).isTrue());
            assertThat(records.stream().filter(r -> r.key().equals(prefix + "A"))
                    .map(r -> BinaryMarket.json(r.value()).at("/data/price").decimalValue().toPlainString()))
                    .containsExactly("10.01", "10.02");
        }
    }

    @Test
    void publishesTheBookOfATickAsSnapshotAfterItsTrade() {
        String withBook = "{\"symbol\":\"" + prefix + "K\",\"price\":50.5,\"volume\":10,\"timestamp\":\"" + Instant.now()
                + "\",\"exchange\":\"XNAS\",\"bids\":[{\"price\":50.4,\"size\":300},{\"price\":50.3,\"size\":100}],"
                + "\"asks\":[{\"price\":50.6,\"size\":200}]}";
        try (TopicTail raw = raw()) {
            given().auth().oauth2(TOKEN).contentType("application/json").body("[" + withBook + "," + withBook + "]")
                    .post("/api/v1/ingest/ticks")
                    .then().statusCode(200).body("accepted", equalTo(2));

            List<ConsumerRecord<String, byte[]>> records = raw.await(4);

            assertThat(records).extracting(r -> reader.wrap(r.value()))
                    .containsExactly(MarketType.TRADE, MarketType.BOOK_UPDATE, MarketType.TRADE, MarketType.BOOK_UPDATE);
            JsonNode first = BinaryMarket.json(records.get(1).value()).get("data");
            JsonNode second = BinaryMarket.json(records.get(3).value()).get("data");
            assertThat(first.get("type").asText()).isEqualTo("snapshot");
            assertThat(first.get("bids")).hasSize(2);
            assertThat(first.at("/bids/0/price").decimalValue()).isEqualByComparingTo("50.4");
            assertThat(first.at("/asks/0/size").decimalValue()).isEqualByComparingTo("200");
            assertThat(second.get("book_seq").asLong()).isEqualTo(first.get("book_seq").asLong() + 1);
            assertThat(BinaryMarket.json(records.get(0).value()).at("/data/exchange").asText()).isEqualTo("XNAS");
        }
    }

    @Test
    void refusesValueWithMoreThanEightDecimalsNamingTheField() {
        try (TopicTail raw = raw(); TopicTail dlq = deadLetters()) {
            given().auth().oauth2(TOKEN).contentType("application/json")
                    .body("[" + tick("P", "1.5") + "," + tick("Q", "1.123456789") + "]")
                    .post("/api/v1/ingest/ticks")
                    .then().statusCode(400).body("accepted", equalTo(1))
                    .body("errors[0].field", equalTo("[1].price")).body("errors[0].reason", containsString("8 places"));

            assertThat(raw.await(1)).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(prefix + "P"));
            assertThat(dlq.await(1)).singleElement().satisfies(r -> {
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("1.123456789");
                assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.FIELD)).isEqualTo("[1].price");
            });
        }
    }

    @Test
    void acceptsValidItemsOfMixedBatchAndDeadLettersTheRestNamingTheField() {
        try (TopicTail raw = raw(); TopicTail dlq = deadLetters()) {
            given().auth().oauth2(TOKEN).contentType("application/json")
                    .body("[" + tick("M", "5") + "," + tick("N", "-3") + ",{\"symbol\":\"" + prefix + "Q\"}]")
                    .post("/api/v1/ingest/ticks")
                    .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("accepted", equalTo(1)).body("rejected", equalTo(2))
                    .body("errors", hasSize(2))
                    .body("errors[0].field", equalTo("[1].price")).body("errors[0].code", equalTo("INVALID_VALUE"))
                    .body("errors[1].index", equalTo(2));

            assertThat(raw.await(1)).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(prefix + "M"));
            List<ConsumerRecord<String, byte[]>> dead = dlq.await(2);
            assertThat(dead).hasSize(2);
            ConsumerRecord<String, byte[]> badPrice = dead.stream()
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(prefix + "N")).findFirst().orElseThrow();
            assertThat(DeadLetterHeaders.get(badPrice.headers(), DeadLetterHeaders.FIELD)).isEqualTo("[1].price");
            assertThat(DeadLetterHeaders.get(badPrice.headers(), DeadLetterHeaders.CODE)).isEqualTo("INVALID_VALUE");
            assertThat(DeadLetterHeaders.get(badPrice.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(Topics.MARKET_DATA_RAW);
            assertThat(DeadLetterHeaders.get(badPrice.headers(), DeadLetterHeaders.REASON)).contains("greater than 0");
            assertThat(DeadLetterHeaders.get(badPrice.headers(), DeadLetterHeaders.TIMESTAMP)).isNotBlank();
        }
    }

    @Test
    void refusesMissingOrUnknownProviderToken() {
        given().contentType("application/json").body(tick("U", "1"))
                .post("/api/v1/ingest/ticks")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE).body("detail", containsString("provider token"));
        given().auth().oauth2("not-a-token").contentType("application/json").body(tick("U", "1"))
                .post("/api/v1/ingest/ticks")
                .then().statusCode(401);
    }

    @Test
    void refusesDocumentThatIsNotJsonAsAWhole() {
        given().auth().oauth2(TOKEN).contentType("application/json").body("[{\"symbol\": ")
                .post("/api/v1/ingest/ticks")
                .then().statusCode(400).body("accepted", equalTo(0))
                .body("errors[0].code", equalTo("MALFORMED_JSON")).body("errors[0].index", equalTo(-1));
    }

    @Test
    void websocketAcknowledgesFrameAfterPublishingAndReportsBadItems() throws Exception {
        try (TopicTail raw = raw(); WsClient socket = WsClient.connect(socketUri(), TOKEN)) {
            socket.send("[" + tick("W", "7.5") + "," + tick("X", "0") + "]");

            socket.awaitReceived("ack", f -> f.contains("\"ack\""), Duration.ofSeconds(30));
            List<String> replies = socket.received();
            JsonNode errorFrame = CODEC.mapper().readTree(replies.get(0));
            assertThat(errorFrame.get("type").asText()).isEqualTo("error");
            assertThat(errorFrame.get("frame").asLong()).isEqualTo(1);
            assertThat(errorFrame.get("field").asText()).isEqualTo("[1].price");
            JsonNode ackFrame = CODEC.mapper().readTree(replies.get(1));
            assertThat(ackFrame.get("type").asText()).isEqualTo("ack");
            assertThat(ackFrame.get("accepted").asInt()).isEqualTo(1);
            assertThat(ackFrame.get("rejected").asInt()).isEqualTo(1);
            assertThat(raw.await(1)).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(prefix + "W"));
        }
    }

    @Test
    void websocketUpgradeWithoutTokenIsRefused() {
        CompletionStage<WebSocket> attempt = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(socketUri(), new WebSocket.Listener() { });

        assertThat(attempt.toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    private URI socketUri() {
        return URI.create(socketUri.toString().replaceFirst("^http", "ws"));
    }
}
