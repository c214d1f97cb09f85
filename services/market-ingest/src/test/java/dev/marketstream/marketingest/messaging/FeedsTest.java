package dev.marketstream.marketingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.ReferenceDataDecoder;
import dev.marketstream.marketingest.TopicTail;
import dev.marketstream.marketingest.domain.SyntheticMarket;
import dev.marketstream.testing.BinaryMarket;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the synthetic feed and the replay adapter publish binary records through the real Kafka, reference data included. */
@QuarkusTest
class FeedsTest {

    @Inject
    SyntheticFeed synthetic;

    @Inject
    ReplayFeed replay;

    @TempDir
    Path dir;

    private final MarketRecord reader = new MarketRecord();
    private final String prefix = "F" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";

    private TopicTail tail(String topic) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return new TopicTail(bootstrap, topic, r -> r.key() != null && r.key().startsWith(prefix)
                || r.key() == null && new String(r.value(), StandardCharsets.UTF_8).contains(prefix));
    }

    @Test
    void syntheticFeedSeedsReferenceDataThenStreamsTradesAndBooksOfItsSymbols() {
        SyntheticMarket market = new SyntheticMarket(new SyntheticMarket.Settings(5, 99, prefix, 10, 20, 0.5), SyntheticFeed.SOURCE);
        List<SyntheticMarket.Listing> listings = market.listings();
        try (TopicTail reference = tail(Topics.REFERENCE_DATA); TopicTail raw = tail(Topics.MARKET_DATA_RAW)) {
            synthetic.seedReferenceData(market).await().atMost(Duration.ofSeconds(30));
            synthetic.start(market, 400);
            List<ConsumerRecord<String, byte[]>> events;
            try {
                events = raw.await(300);
            } finally {
                synthetic.stop();
            }

            assertThat(reference.await(5)).extracting(this::listing).containsExactlyInAnyOrderElementsOf(listings);
            assertThat(events).extracting(ConsumerRecord::key)
                    .containsOnlyElementsOf(listings.stream().map(SyntheticMarket.Listing::symbol).toList());
            Set<TraceIds> traces = new HashSet<>();
            Map<String, Long> bookSeq = new HashMap<>();
            Set<MarketType> types = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : events) {
                assertThat(record.headers().lastHeader(TraceHeaders.TRACE_ID)).isNull();
                MarketType type = reader.wrap(record.value());
                types.add(type);
                assertThat(reader.symbol()).isEqualTo(record.key());
                TraceIds trace = Envelopes.trace(reader.envelope());
                assertThat(trace.traced()).isTrue();
                traces.add(trace);
                if (type == MarketType.BOOK_UPDATE) {
                    BookUpdateDecoder update = reader.bookUpdate().sbeRewind();
                    long expected = bookSeq.getOrDefault(record.key(), 0L) + 1;
                    assertThat(update.bookSeq()).as("book sequence of %s", record.key()).isEqualTo(expected);
                    assertThat(update.kind()).isEqualTo((expected - 1) % 20 == 0 ? BookKind.SNAPSHOT : BookKind.DELTA);
                    bookSeq.put(record.key(), expected);
                } else {
                    assertThat(type).isEqualTo(MarketType.TRADE);
                    assertThat(BinaryMarket.json(record.value()).at("/data/exchange").asText()).isEqualTo(SyntheticMarket.VENUE);
                }
                assertThat(BinaryMarket.json(record.value()).get("source").asText()).isEqualTo(SyntheticFeed.SOURCE);
            }
            assertThat(types).containsExactlyInAnyOrder(MarketType.TRADE, MarketType.BOOK_UPDATE);
            assertThat(bookSeq).hasSize(5);
            assertThat(traces).as("one trace per transaction, not per record").hasSizeLessThan(events.size() / 2);
        }
    }

    @Test
    void replayPublishesRecordingWithRebasedTimestampsAndDeadLettersBadLines() throws Exception {
        Path file = Files.writeString(dir.resolve("session.csv"), """
                symbol,price,volume,timestamp
                %1$sA,10.00,1,2026-01-05T14:30:00Z
                %1$sA,10.05,2,2026-01-05T14:30:00.020Z
                %1$sB,oops,3,2026-01-05T14:30:00.030Z
                %1$sB,20.00,4,2026-01-05T14:30:00.040Z
                """.formatted(prefix));
        long before = Envelopes.nanos(Instant.now().minusSeconds(1));
        try (TopicTail raw = tail(Topics.MARKET_DATA_RAW); TopicTail dlq = tail(Topics.dlq(Topics.MARKET_DATA_RAW))) {
            ReplayFeed.Result result = replay.replay(file, 1.0, true).get(60, TimeUnit.SECONDS);

            assertThat(result).isEqualTo(new ReplayFeed.Result(3, 1));
            List<ConsumerRecord<String, byte[]>> trades = raw.await(3);
            assertThat(trades).allSatisfy(r -> {
                assertThat(reader.wrap(r.value())).isEqualTo(MarketType.TRADE);
                assertThat(reader.trade().exchangeTime()).isGreaterThanOrEqualTo(before);
                assertThat(Envelopes.trace(reader.envelope()).traced()).isTrue();
            });
            assertThat(trades).extracting(r -> {
                reader.wrap(r.value());
                return Decimals.toBigDecimal(reader.trade().price()).toPlainString();
            }).containsExactlyInAnyOrder("10", "10.05", "20");
            assertThat(dlq.await(1)).singleElement().satisfies(r ->
                    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.FIELD)).isEqualTo("line 4.price"));
        }
    }

    private SyntheticMarket.Listing listing(ConsumerRecord<String, byte[]> record) {
        assertThat(reader.wrap(record.value())).isEqualTo(MarketType.REFERENCE_DATA);
        ReferenceDataDecoder reference = reader.referenceData();
        long previousClose = reference.previousClose();
        long marketCap = reference.marketCap();
        String symbol = reference.symbol();
        assertThat(symbol).isEqualTo(record.key());
        return new SyntheticMarket.Listing(symbol, reference.sector(), previousClose, marketCap);
    }
}
