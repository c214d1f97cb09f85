package dev.marketstream.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.ReferenceData;
import dev.marketstream.ingest.TopicTail;
import dev.marketstream.ingest.domain.SyntheticMarket;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the synthetic feed and the replay adapter publish through the real Kafka, reference data included. */
@QuarkusTest
class FeedsTest {

    private static final EventCodec CODEC = new EventCodec();

    @Inject
    SyntheticFeed synthetic;

    @Inject
    ReplayFeed replay;

    @TempDir
    Path dir;

    private final String prefix = "F" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";

    private TopicTail tail(String topic) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return new TopicTail(bootstrap, topic, r -> r.key() != null && r.key().startsWith(prefix)
                || r.key() == null && new String(r.value(), StandardCharsets.UTF_8).contains(prefix));
    }

    @Test
    void syntheticFeedSeedsReferenceDataThenStreamsTicksOfItsSymbols() {
        SyntheticMarket market = new SyntheticMarket(5, 99, prefix, 10);
        try (TopicTail reference = tail(Topics.REFERENCE_DATA); TopicTail raw = tail(Topics.MARKET_DATA_RAW)) {
            synthetic.seedReferenceData(market).await().atMost(Duration.ofSeconds(30));
            synthetic.start(market, 200);
            List<ConsumerRecord<String, byte[]>> ticks;
            try {
                ticks = raw.await(100);
            } finally {
                synthetic.stop();
            }

            assertThat(reference.await(5)).extracting(r -> CODEC.decode(r.value(), ReferenceData.class).data())
                    .containsExactlyInAnyOrderElementsOf(market.referenceData());
            assertThat(ticks).extracting(ConsumerRecord::key).containsOnlyElementsOf(
                    market.referenceData().stream().map(ReferenceData::symbol).toList());
            assertThat(CODEC.decode(ticks.get(0).value(), MarketTick.class).data().bids()).hasSize(10);
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
        Instant before = Instant.now();
        try (TopicTail raw = tail(Topics.MARKET_DATA_RAW); TopicTail dlq = tail(Topics.dlq(Topics.MARKET_DATA_RAW))) {
            ReplayFeed.Result result = replay.replay(file, 1.0, true).get(60, TimeUnit.SECONDS);

            assertThat(result).isEqualTo(new ReplayFeed.Result(3, 1));
            List<MarketTick> ticks = raw.await(3).stream().map(r -> CODEC.decode(r.value(), MarketTick.class).data()).toList();
            assertThat(ticks).extracting(t -> t.price().toPlainString()).containsExactlyInAnyOrder("10.00", "10.05", "20.00");
            assertThat(ticks).allSatisfy(t -> assertThat(t.timestamp()).isAfterOrEqualTo(before.minusSeconds(1)));
            assertThat(dlq.await(1)).singleElement().satisfies(r ->
                    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.FIELD)).isEqualTo("line 4.price"));
        }
    }
}
