package dev.marketstream.processor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.ReferenceData;
import dev.marketstream.events.market.VolumeUpdate;
import dev.marketstream.processor.config.ProcessorConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
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

/** Proves every branch of the topology with TopologyTestDriver: fan-out, enrichment, change %, windows, late data, dead letters. */
class TopologyTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> reference;
    private TestOutputTopic<String, byte[]> prices;
    private TestOutputTopic<String, byte[]> volume;
    private TestOutputTopic<String, byte[]> orderBooks;
    private TestOutputTopic<String, byte[]> bars;
    private TestOutputTopic<String, byte[]> deadLetters;

    static ProcessorConfig config() {
        return new ProcessorConfig() {
            public Duration maxClockSkew() {
                return Duration.ofSeconds(60);
            }

            public Duration graceOneSecond() {
                return Duration.ofSeconds(2);
            }

            public Duration graceOneMinute() {
                return Duration.ofSeconds(5);
            }

            public int maxRedrives() {
                return 3;
            }
        };
    }

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Clock clock = Clock.fixed(T0.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        driver = new TopologyTestDriver(new TopologyProducer(config(), clock).topology(), props);
        raw = driver.createInputTopic(Topics.MARKET_DATA_RAW, new StringSerializer(), new ByteArraySerializer());
        reference = driver.createInputTopic(Topics.REFERENCE_DATA, new StringSerializer(), new ByteArraySerializer());
        prices = output(Topics.MARKET_PRICES);
        volume = output(Topics.MARKET_VOLUME);
        orderBooks = output(Topics.MARKET_ORDERBOOK);
        bars = output(Topics.MARKET_DATA_AGGREGATED);
        deadLetters = output(Topics.dlq(Topics.MARKET_DATA_RAW));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static MarketTick tick(String symbol, String price, String volume, Instant at) {
        return new MarketTick(symbol, new BigDecimal(price), new BigDecimal(volume), at);
    }

    private static MarketTick tickWithBook(String symbol, String price, Instant at) {
        BigDecimal p = new BigDecimal(price);
        return new MarketTick(symbol, p, BigDecimal.TEN, at, "XNAS",
                List.of(new PriceLevel(p.subtract(new BigDecimal("0.01")), BigDecimal.ONE)),
                List.of(new PriceLevel(p.add(new BigDecimal("0.01")), BigDecimal.ONE)));
    }

    private EventEnvelope<MarketTick> send(MarketTick tick) {
        EventEnvelope<MarketTick> envelope = EventEnvelope.of("test", tick);
        raw.pipeInput(tick.symbol(), CODEC.encode(envelope));
        return envelope;
    }

    private void referenceData(String symbol, String previousClose) {
        ReferenceData data = new ReferenceData(symbol, "Technology", new BigDecimal("1000000"), new BigDecimal(previousClose));
        reference.pipeInput(symbol, CODEC.encode(EventEnvelope.of("test", data)));
    }

    private static <T extends dev.marketstream.events.EventPayload> List<EventEnvelope<T>> read(
            TestOutputTopic<String, byte[]> topic, Class<T> type) {
        return topic.readValuesToList().stream().map(bytes -> CODEC.decode(bytes, type)).toList();
    }

    @Test
    void validTickFansOutToPricesVolumeAndOrderBookKeepingItsEventId() {
        EventEnvelope<MarketTick> sent = send(tickWithBook("AAPL", "189.42", T0));

        assertThat(read(prices, PriceUpdate.class)).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo(sent.eventId());
            assertThat(e.data().price()).isEqualByComparingTo("189.42");
        });
        assertThat(read(volume, VolumeUpdate.class)).singleElement().satisfies(e -> assertThat(e.eventId()).isEqualTo(sent.eventId()));
        assertThat(read(orderBooks, OrderBookUpdate.class)).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo(sent.eventId());
            assertThat(e.data().bids()).hasSize(1);
        });
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void tickWithoutBookProducesNoOrderBookUpdate() {
        send(tick("AAPL", "10", "1", T0));

        assertThat(prices.getQueueSize()).isEqualTo(1);
        assertThat(orderBooks.isEmpty()).isTrue();
    }

    @Test
    void outputsKeepTheTickKeyAndCarryTheTraceOnANewSpan() {
        TraceContext trace = TraceContext.newTrace();
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.write(headers, trace);
        raw.pipeInput(new TestRecord<>("MSFT", CODEC.encode(EventEnvelope.of("test", tick("MSFT", "400", "5", T0))), headers));

        TestRecord<String, byte[]> price = prices.readRecord();
        assertThat(price.key()).isEqualTo("MSFT");
        TraceContext carried = TraceHeaders.read(price.headers()).orElseThrow();
        assertThat(carried.traceId()).isEqualTo(trace.traceId());
        assertThat(carried.spanId()).isNotEqualTo(trace.spanId());
    }

    @Test
    void enrichesWithReferenceDataAndComputesChangeAgainstPreviousClose() {
        referenceData("AAPL", "188.00");
        send(tick("AAPL", "189.42", "300", T0));

        PriceUpdate price = read(prices, PriceUpdate.class).get(0).data();
        assertThat(price.previousClose()).isEqualByComparingTo("188.00");
        assertThat(price.change()).isEqualByComparingTo("1.42");
        assertThat(price.changePercent()).isEqualByComparingTo("0.7553");
        assertThat(price.sector()).isEqualTo("Technology");
        assertThat(price.marketCap()).isEqualByComparingTo("1000000");
    }

    @Test
    void priceWithoutReferenceDataHasZeroChangeAndNoPreviousClose() {
        send(tick("NEWCO", "12.5", "1", T0));

        PriceUpdate price = read(prices, PriceUpdate.class).get(0).data();
        assertThat(price.change()).isZero();
        assertThat(price.changePercent()).isZero();
        assertThat(price.previousClose()).isNull();
        assertThat(price.sector()).isNull();
    }

    @Test
    void cumulativeVolumeAddsUpPerSymbolAndRestartsWithANewDay() {
        send(tick("AAPL", "10", "100", T0));
        send(tick("MSFT", "10", "7", T0));
        send(tick("AAPL", "10", "50", T0.plusSeconds(1)));
        send(tick("AAPL", "10", "5", T0.plus(Duration.ofDays(1))));

        assertThat(read(volume, VolumeUpdate.class)).extracting(e -> e.data().symbol() + "=" + e.data().cumulativeVolume().toPlainString())
                .containsExactly("AAPL=100", "MSFT=7", "AAPL=150", "AAPL=5");
    }

    @Test
    void oneSecondBarIsEmittedOnceWhenItsWindowClosesWithOhlcvAndVwap() {
        send(tick("AAPL", "10.00", "100", T0.plusMillis(100)));
        send(tick("AAPL", "10.50", "100", T0.plusMillis(200)));
        send(tick("AAPL", "9.80", "200", T0.plusMillis(300)));
        send(tick("AAPL", "10.20", "100", T0.plusMillis(900)));
        assertThat(bars.isEmpty()).as("no bar before window end + grace").isTrue();

        send(tick("AAPL", "10.30", "1", T0.plusMillis(3000))); // stream time passes 1 s + 2 s grace

        List<OhlcvBar> closed = read(bars, OhlcvBar.class).stream().map(EventEnvelope::data).toList();
        assertThat(closed).singleElement().satisfies(bar -> {
            assertThat(bar.interval()).isEqualTo("1s");
            assertThat(bar.windowStart()).isEqualTo(T0);
            assertThat(bar.windowEnd()).isEqualTo(T0.plusSeconds(1));
            assertThat(bar.open()).isEqualByComparingTo("10.00");
            assertThat(bar.high()).isEqualByComparingTo("10.50");
            assertThat(bar.low()).isEqualByComparingTo("9.80");
            assertThat(bar.close()).isEqualByComparingTo("10.20");
            assertThat(bar.volume()).isEqualByComparingTo("500");
            assertThat(bar.vwap()).isEqualByComparingTo("10.06"); // (1000 + 1050 + 1960 + 1020) / 500
            assertThat(bar.tradeCount()).isEqualTo(4);
        });
    }

    @Test
    void tickAtWindowEndBelongsToTheNextWindow() {
        send(tick("AAPL", "10", "1", T0.plusMillis(999)));
        send(tick("AAPL", "11", "1", T0.plusMillis(1000)));
        send(tick("AAPL", "12", "1", T0.plusMillis(5000)));

        assertThat(read(bars, OhlcvBar.class)).extracting(e -> e.data().windowStart() + " " + e.data().close().toPlainString())
                .containsExactly(T0 + " 10", T0.plusSeconds(1) + " 11");
    }

    @Test
    void lateTickWithinGraceIsCountedAndAfterGraceIsDropped() {
        send(tick("AAPL", "10", "1", T0.plusMillis(500)));
        send(tick("AAPL", "10", "1", T0.plusMillis(2500)));     // stream time 2.5 s: window [0,1) still open (grace 2 s)
        send(tick("AAPL", "9", "1", T0.plusMillis(100)));       // late but within grace: becomes the open
        send(tick("AAPL", "10", "1", T0.plusMillis(3500)));     // closes [0,1)
        send(tick("AAPL", "99", "1", T0.plusMillis(200)));      // after grace: dropped from the bar
        send(tick("AAPL", "10", "1", T0.plusMillis(9000)));

        OhlcvBar first = read(bars, OhlcvBar.class).get(0).data();
        assertThat(first.windowStart()).isEqualTo(T0);
        assertThat(first.tradeCount()).isEqualTo(2);
        assertThat(first.open()).isEqualByComparingTo("9");
        assertThat(first.high()).isEqualByComparingTo("10");
        assertThat(prices.getQueueSize()).as("a late tick still updates the price").isEqualTo(6);
    }

    @Test
    void oneMinuteBarCoversAllTicksOfTheMinuteWithAStableId() {
        for (int second = 0; second < 60; second += 10) {
            send(tick("IBM", "100", "2", T0.plusSeconds(second)));
        }
        send(tick("IBM", "100", "2", T0.plusSeconds(66)));

        List<EventEnvelope<OhlcvBar>> minute = read(bars, OhlcvBar.class).stream()
                .filter(e -> e.data().interval().equals("1m")).toList();
        assertThat(minute).singleElement().satisfies(e -> {
            assertThat(e.data().tradeCount()).isEqualTo(6);
            assertThat(e.data().volume()).isEqualByComparingTo("12");
            assertThat(e.eventId()).isEqualTo(java.util.UUID.nameUUIDFromBytes(
                    ("ohlcv|IBM|1m|" + T0).getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Test
    void malformedRecordGoesToDlqWithSourceAndReasonAndTheStreamContinues() {
        raw.pipeInput("AAPL", "{not json".getBytes(StandardCharsets.UTF_8));
        send(tick("AAPL", "10", "1", T0));

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("AAPL");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(Topics.MARKET_DATA_RAW);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.PARTITION)).isEqualTo("0");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.OFFSET)).isEqualTo("0");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.CODE)).isEqualTo("MALFORMED_JSON");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.EXCEPTION_CLASS)).endsWith("EventValidationException");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).isNotBlank();
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.TIMESTAMP)).isNotBlank();
        assertThat(prices.getQueueSize()).isEqualTo(1);
    }

    @Test
    void tickOfAnotherTypeKeyedByAnotherSymbolOrFromTheFutureIsDeadLettered() {
        raw.pipeInput("AAPL", CODEC.encode(EventEnvelope.of("test", new ReferenceData("AAPL", "Tech", BigDecimal.ONE, BigDecimal.ONE))));
        raw.pipeInput("MSFT", CODEC.encode(EventEnvelope.of("test", tick("AAPL", "10", "1", T0))));
        send(tick("AAPL", "10", "1", T0.plus(Duration.ofDays(3))));
        raw.pipeInput("AAPL", (byte[]) null);

        assertThat(deadLetters.readRecordsToList()).extracting(r -> DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.FIELD))
                .containsExactly("eventType", "data.symbol", "data.timestamp", "$");
        assertThat(prices.isEmpty()).isTrue();
    }
}
