package dev.marketstream.streamprocessor.messaging;

import static dev.marketstream.testing.BinaryMarket.bookDelta;
import static dev.marketstream.testing.BinaryMarket.bookSnapshot;
import static dev.marketstream.testing.BinaryMarket.json;
import static dev.marketstream.testing.BinaryMarket.reference;
import static dev.marketstream.testing.BinaryMarket.trade;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.streamprocessor.domain.ProcessorStats;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves every path of the topology with TopologyTestDriver: fan-out, enrichment, change %, bars, late data, books, dead letters, schema versions, tracing. */
class TopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final ProcessorSettings SETTINGS = new ProcessorSettings(Duration.ofSeconds(60), Duration.ofSeconds(2),
            Duration.ofSeconds(5), 3, Duration.ofHours(1));

    @TempDir
    Path stateDir;

    /** Ages (ms) the processor reported for the price and order-book outputs: the clock is T0 + 2 days. */
    private final List<Long> priceAges = new ArrayList<>();
    private final List<Long> bookAges = new ArrayList<>();
    private final ProcessorStats stats = new ProcessorStats(priceAges::add, bookAges::add);
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> referenceData;
    private TestOutputTopic<String, byte[]> prices;
    private TestOutputTopic<String, byte[]> volume;
    private TestOutputTopic<String, byte[]> orderBooks;
    private TestOutputTopic<String, byte[]> bars;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Clock clock = Clock.fixed(T0.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        driver = new TopologyTestDriver(new TopologyProducer(SETTINGS, clock, stats,
                new RecordTracing(openTelemetry, "topology-test")).topology(), props);
        raw = driver.createInputTopic(Topics.MARKET_DATA_RAW, new StringSerializer(), new ByteArraySerializer());
        referenceData = driver.createInputTopic(Topics.REFERENCE_DATA, new StringSerializer(), new ByteArraySerializer());
        prices = output(Topics.MARKET_PRICES);
        volume = output(Topics.MARKET_VOLUME);
        orderBooks = output(Topics.MARKET_ORDERBOOK);
        bars = output(Topics.MARKET_DATA_AGGREGATED);
        deadLetters = output(Topics.dlq(Topics.MARKET_DATA_RAW));
    }

    @AfterEach
    void stop() {
        driver.close();
        openTelemetry.close();
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private byte[] send(String symbol, String price, String size, Instant at) {
        byte[] record = trade(symbol, price, size, at);
        raw.pipeInput(symbol, record);
        return record;
    }

    private static List<JsonNode> read(TestOutputTopic<String, byte[]> topic) {
        return topic.readValuesToList().stream().map(dev.marketstream.testing.BinaryMarket::json).toList();
    }

    @Test
    void tradeFansOutToPricesAndVolumeKeepingItsEventIdTraceAndKey() {
        TraceIds trace = TraceIds.newTrace();
        UUID id = UUID.randomUUID();
        raw.pipeInput("AAPL", trade(id, trace, "AAPL", "189.42", "300", T0));

        TestRecord<String, byte[]> price = prices.readRecord();
        assertThat(price.key()).isEqualTo("AAPL");
        JsonNode priceEvent = json(price.value());
        assertThat(priceEvent.get("eventType").asText()).isEqualTo("market.price");
        assertThat(priceEvent.get("eventId").asText()).isEqualTo(id.toString());
        assertThat(priceEvent.get("traceId").asText()).isEqualTo(trace.toContext().traceId());
        assertThat(priceEvent.get("source").asText()).isEqualTo("stream-processor");
        assertThat(priceEvent.at("/data/price").decimalValue()).isEqualByComparingTo("189.42");
        assertThat(priceEvent.at("/data/timestamp").asText()).isEqualTo(T0.toString());
        assertThat(read(volume)).singleElement().satisfies(e -> assertThat(e.get("eventId").asText()).isEqualTo(id.toString()));
        assertThat(orderBooks.isEmpty()).as("a trade is no book update").isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(priceAges).as("tick to output latency of the price, once").containsExactly(Duration.ofDays(2).toMillis());
        assertThat(stats.processed.sum()).isEqualTo(1);
    }

    @Test
    void aSampledTradeGetsAProcessorSpanInItsTraceWhichItsOutputsNameAsTheirParent() {
        TraceContext ingest = TraceContext.newTrace();
        raw.pipeInput(traced("AAPL", trade("AAPL", "10", "1", T0), ingest.traceparent(true)));

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
        assertThat(span.getName()).isEqualTo("market-data-raw process");
        assertThat(span.getTraceId()).isEqualTo(ingest.traceId());
        assertThat(span.getParentSpanId()).isEqualTo(ingest.spanId());
        String parentOfOutputs = new TraceContext(ingest.traceId(), span.getSpanId()).traceparent(true);
        assertThat(TraceHeaders.traceparent(prices.readRecord().headers())).isEqualTo(parentOfOutputs);
        assertThat(TraceHeaders.traceparent(volume.readRecord().headers())).isEqualTo(parentOfOutputs);
    }

    @Test
    void anUntracedOrUnsampledTradeGetsNoSpanAndItsOutputsNoSampledTraceparent() {
        send("AAPL", "10", "1", T0);
        String unsampled = TraceContext.newTrace().traceparent(false);
        raw.pipeInput(traced("AAPL", trade("AAPL", "11", "1", T0), unsampled));

        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(prices.readRecord().headers().toArray()).isEmpty();
        assertThat(TraceHeaders.traceparent(prices.readRecord().headers())).isEqualTo(unsampled);
    }

    private static TestRecord<String, byte[]> traced(String symbol, byte[] record, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        return new TestRecord<>(symbol, record, headers, T0);
    }

    @Test
    void enrichesWithReferenceDataAndComputesChangeAgainstPreviousClose() {
        referenceData.pipeInput("AAPL", reference("AAPL", "Information Technology", "1000000", "188.00"));
        send("AAPL", "189.42", "300", T0);

        JsonNode price = read(prices).get(0).get("data");
        assertThat(price.get("previous_close").decimalValue()).isEqualByComparingTo("188.00");
        assertThat(price.get("change").decimalValue()).isEqualByComparingTo("1.42");
        assertThat(price.get("change_percent").decimalValue()).isEqualByComparingTo("0.7553");
        assertThat(price.get("sector").asText()).isEqualTo("Information Technology");
        assertThat(price.get("market_cap").decimalValue()).isEqualByComparingTo("1000000");
    }

    @Test
    void priceWithoutReferenceDataHasZeroChangeAndNoPreviousClose() {
        send("NEWCO", "12.5", "1", T0);

        JsonNode price = read(prices).get(0).get("data");
        assertThat(price.get("change").decimalValue()).isZero();
        assertThat(price.get("change_percent").decimalValue()).isZero();
        assertThat(price.has("previous_close")).isFalse();
        assertThat(price.has("sector")).isFalse();
    }

    @Test
    void cumulativeVolumeAddsUpPerSymbolAndRestartsWithANewDay() {
        send("AAPL", "10", "100", T0);
        send("MSFT", "10", "7", T0);
        send("AAPL", "10", "50", T0.plusSeconds(1));
        send("AAPL", "10", "5", T0.plus(Duration.ofDays(1)));

        assertThat(read(volume)).extracting(e -> e.at("/data/symbol").asText() + "=" + e.at("/data/cumulative_volume").asText())
                .containsExactly("AAPL=100", "MSFT=7", "AAPL=150", "AAPL=5");
    }

    @Test
    void oneSecondBarIsEmittedOnceWhenItsWindowClosesWithOhlcvAndVwap() {
        send("AAPL", "10.00", "100", T0.plusMillis(100));
        send("AAPL", "10.50", "100", T0.plusMillis(200));
        send("AAPL", "9.80", "200", T0.plusMillis(300));
        send("AAPL", "10.20", "100", T0.plusMillis(900));
        assertThat(bars.isEmpty()).as("no bar before window end + grace").isTrue();

        send("AAPL", "10.30", "1", T0.plusMillis(3000)); // stream time passes 1 s + 2 s grace

        assertThat(read(bars)).singleElement().satisfies(event -> {
            JsonNode bar = event.get("data");
            assertThat(bar.get("interval").asText()).isEqualTo("1s");
            assertThat(bar.get("window_start").asText()).isEqualTo(T0.toString());
            assertThat(bar.get("window_end").asText()).isEqualTo(T0.plusSeconds(1).toString());
            assertThat(bar.get("open").decimalValue()).isEqualByComparingTo("10.00");
            assertThat(bar.get("high").decimalValue()).isEqualByComparingTo("10.50");
            assertThat(bar.get("low").decimalValue()).isEqualByComparingTo("9.80");
            assertThat(bar.get("close").decimalValue()).isEqualByComparingTo("10.20");
            assertThat(bar.get("volume").decimalValue()).isEqualByComparingTo("500");
            assertThat(bar.get("vwap").decimalValue()).isEqualByComparingTo("10.06"); // (1000 + 1050 + 1960 + 1020) / 500
            assertThat(bar.get("trade_count").asLong()).isEqualTo(4);
        });
    }

    @Test
    void tradeAtWindowEndBelongsToTheNextWindow() {
        send("AAPL", "10", "1", T0.plusMillis(999));
        send("AAPL", "11", "1", T0.plusMillis(1000));
        send("AAPL", "12", "1", T0.plusMillis(5000));

        assertThat(read(bars)).extracting(e -> e.at("/data/window_start").asText() + " " + e.at("/data/close").asText())
                .containsExactly(T0 + " 10", T0.plusSeconds(1) + " 11");
    }

    @Test
    void lateTradeWithinGraceIsCountedAndAfterGraceIsDropped() {
        send("AAPL", "10", "1", T0.plusMillis(500));
        send("AAPL", "10", "1", T0.plusMillis(2500));     // stream time 2.5 s: window [0,1) still open (grace 2 s)
        send("AAPL", "9", "1", T0.plusMillis(100));       // late but within grace: becomes the open
        send("AAPL", "10", "1", T0.plusMillis(3500));     // closes [0,1)
        send("AAPL", "99", "1", T0.plusMillis(200));      // after grace: dropped from the bar
        send("AAPL", "10", "1", T0.plusMillis(9000));

        JsonNode first = read(bars).get(0).get("data");
        assertThat(first.get("window_start").asText()).isEqualTo(T0.toString());
        assertThat(first.get("trade_count").asLong()).isEqualTo(2);
        assertThat(first.get("open").decimalValue()).isEqualByComparingTo("9");
        assertThat(first.get("high").decimalValue()).isEqualByComparingTo("10");
        assertThat(prices.getQueueSize()).as("a late trade still updates the price").isEqualTo(6);
        assertThat(stats.lateTrades.sum()).as("late for its 1 s bar only; the minute is still open").isEqualTo(1);
    }

    @Test
    void oneMinuteBarCoversAllTradesOfTheMinuteWithAStableId() {
        for (int second = 0; second < 60; second += 10) {
            send("IBM", "100", "2", T0.plusSeconds(second));
        }
        send("IBM", "100", "2", T0.plusSeconds(66));

        List<JsonNode> minute = read(bars).stream().filter(e -> e.at("/data/interval").asText().equals("1m")).toList();
        assertThat(minute).singleElement().satisfies(e -> {
            assertThat(e.at("/data/trade_count").asLong()).isEqualTo(6);
            assertThat(e.at("/data/volume").decimalValue()).isEqualByComparingTo("12");
            assertThat(e.get("eventId").asText()).isEqualTo(UUID.nameUUIDFromBytes(
                    ("ohlcv|IBM|1m|" + T0).getBytes(StandardCharsets.UTF_8)).toString());
        });
    }

    @Test
    void bookFollowsTheFeedAsDeltasWithItsOwnSequenceAndASnapshotWhenDue() {
        raw.pipeInput("AAPL", bookSnapshot("AAPL", 41, T0, "B 189.40x300", "B 189.39x100", "A 189.45x200"));
        raw.pipeInput("AAPL", bookDelta("AAPL", 42, T0, "B 189.40x0", "A 189.44x50"));
        raw.pipeInput("AAPL", bookDelta("AAPL", 43, T0, "B 189.41x10"));
        raw.pipeInput("AAPL", bookDelta("AAPL", 44, T0, "A 189.44x0")); // the 3rd update since the snapshot: a snapshot is due

        List<JsonNode> published = read(orderBooks);
        assertThat(published).extracting(e -> e.at("/data/type").asText() + "#" + e.at("/data/book_seq").asLong())
                .containsExactly("snapshot#1", "update#2", "update#3", "snapshot#4");
        assertThat(published.get(1).at("/data/bids/0/size").decimalValue()).isZero();
        assertThat(published.get(1).at("/data/asks/0/price").decimalValue()).isEqualByComparingTo("189.44");
        JsonNode due = published.get(3).get("data");
        assertThat(due.get("bids")).extracting(l -> l.get("price").asText()).containsExactly("189.41", "189.39");
        assertThat(due.get("asks")).extracting(l -> l.get("price").asText()).containsExactly("189.45");
    }

    @Test
    void aGapInTheFeedStopsTheBookUntilTheFeedsNextSnapshot() {
        raw.pipeInput("MSFT", bookSnapshot("MSFT", 1, T0, "B 400x1", "A 401x1"));
        raw.pipeInput("MSFT", bookDelta("MSFT", 3, T0, "B 400x5"));   // 2 is missing
        raw.pipeInput("MSFT", bookDelta("MSFT", 4, T0, "B 400x6"));
        raw.pipeInput("MSFT", bookSnapshot("MSFT", 9, T0, "B 399x2", "A 401x1"));

        assertThat(read(orderBooks)).extracting(e -> e.at("/data/type").asText() + "#" + e.at("/data/book_seq").asLong())
                .containsExactly("snapshot#1", "snapshot#2");
        assertThat(stats.bookGaps.sum()).isEqualTo(2);
    }

    @Test
    void aClientApplyingThePublishedUpdatesEndsWithTheFeedsBook() {
        OrderBook feed = new OrderBook();
        MarketRecord reader = new MarketRecord();
        java.util.Random random = new java.util.Random(11);
        long seq = 1;
        byte[] snapshot = bookSnapshot("TSLA", seq, T0, "B 250x10", "A 251x10");
        reader.wrap(snapshot);
        feed.apply(reader.bookUpdate());
        raw.pipeInput("TSLA", snapshot);
        for (int i = 0; i < 200; i++) {
            String side = random.nextBoolean() ? "B" : "A";
            int cents = side.equals("B") ? 24_900 + random.nextInt(100) : 25_100 + random.nextInt(100);
            byte[] delta = bookDelta("TSLA", ++seq, T0, side + " " + cents / 100 + "." + String.format("%02d", cents % 100)
                    + "x" + (random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(500)));
            reader.wrap(delta);
            feed.apply(reader.bookUpdate());
            raw.pipeInput("TSLA", delta);
        }

        OrderBook client = new OrderBook();
        for (byte[] update : orderBooks.readValuesToList()) {
            reader.wrap(update);
            assertThat(client.apply(reader.bookUpdate())).isNotIn(OrderBook.Outcome.GAP, OrderBook.Outcome.STALE);
        }
        assertThat(client.sameLevels(feed)).as("client %s vs feed %s", client, feed).isTrue();
    }

    @Test
    void undecodableRecordGoesToTheDlqWithItsOriginAndReasonAndTheStreamContinues() {
        raw.pipeInput("AAPL", "{not json".getBytes(StandardCharsets.UTF_8));
        send("AAPL", "10", "1", T0);

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("AAPL");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(Topics.MARKET_DATA_RAW);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.PARTITION)).isEqualTo("0");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.OFFSET)).isEqualTo("0");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.CODE)).isEqualTo("UNSUPPORTED_SCHEMA");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("JSON document");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.EXCEPTION_CLASS)).endsWith("EventValidationException");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.TIMESTAMP)).isNotBlank();
        assertThat(prices.getQueueSize()).isEqualTo(1);
    }

    @Test
    void wrongTypeOtherKeyFutureTimeBadPriceTruncatedAndNullRecordsAreDeadLetteredNamingTheField() {
        raw.pipeInput("AAPL", reference("AAPL", "Tech", "1", "1"));
        raw.pipeInput("MSFT", trade("AAPL", "10", "1", T0));
        send("AAPL", "10", "1", T0.plus(Duration.ofDays(3)));
        send("AAPL", "0", "1", T0);
        byte[] good = trade("AAPL", "10", "1", T0);
        raw.pipeInput("AAPL", Arrays.copyOf(good, good.length - 3));
        raw.pipeInput("AAPL", (byte[]) null);

        assertThat(deadLetters.readRecordsToList()).extracting(r -> DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.FIELD))
                .containsExactly("eventType", "symbol", "exchangeTime", "price", "$", "$");
        assertThat(prices.isEmpty()).isTrue();
    }

    @Test
    void aTradeOfANewerSchemaVersionIsProcessedAndAnUnknownSchemaIsDeadLetteredNamingItsVersion() {
        raw.pipeInput("AAPL", asNewerVersion(trade("AAPL", "10", "1", T0)));
        byte[] otherSchema = trade("AAPL", "10", "1", T0);
        ByteBuffer.wrap(otherSchema).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 7002).putShort(6, (short) 1);
        raw.pipeInput("AAPL", otherSchema);

        assertThat(read(prices)).singleElement().satisfies(e -> assertThat(e.at("/data/price").decimalValue()).isEqualByComparingTo("10"));
        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.CODE)).isEqualTo("UNSUPPORTED_SCHEMA");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("schema 7002 version 1");
    }

    /** The same trade as a later schema version would write it: version 2 in the header, 8 more bytes of fixed block. */
    private static byte[] asNewerVersion(byte[] v1) {
        ByteBuffer in = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
        int blockLength = in.getShort(0) & 0xFFFF;
        ByteBuffer out = ByteBuffer.allocate(v1.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(v1, 0, 8 + blockLength).putLong(777L).put(v1, 8 + blockLength, v1.length - 8 - blockLength);
        out.putShort(0, (short) (blockLength + 8)).putShort(6, (short) 2);
        return out.array();
    }
}
