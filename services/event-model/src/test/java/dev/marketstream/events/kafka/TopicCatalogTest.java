package dev.marketstream.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks the catalog holds every named topic once, each input with its dead-letter topic. */
class TopicCatalogTest {

    private final Set<String> names = TopicCatalog.all().stream().map(TopicCatalog.TopicSpec::name).collect(Collectors.toSet());

    @Test
    void holdsEveryTopicOfTheSpecWithItsDeadLetterTopic() {
        List<String> inputs = List.of(Topics.MARKET_DATA_RAW, Topics.MARKET_PRICES, Topics.MARKET_VOLUME,
                Topics.MARKET_ORDERBOOK, Topics.MARKET_DATA_AGGREGATED, Topics.REFERENCE_DATA,
                Topics.USER_EVENTS, Topics.TRADING_ALERTS, Topics.SYSTEM_NOTIFICATIONS);

        assertThat(names).containsAll(inputs);
        inputs.forEach(topic -> assertThat(names).contains(topic + ".dlq"));
        assertThat(names).hasSize(inputs.size() * 2);
    }

    @Test
    void namesEachTopicOnce() {
        assertThat(TopicCatalog.all()).hasSize(names.size());
    }

    @Test
    void keepsUserEventsLongerThanMarketData() {
        assertThat(retentionOf(Topics.USER_EVENTS)).isGreaterThan(retentionOf(Topics.MARKET_DATA_RAW));
        assertThat(configOf(Topics.REFERENCE_DATA, "cleanup.policy")).isEqualTo("compact");
    }

    private long retentionOf(String topic) {
        return Long.parseLong(configOf(topic, "retention.ms"));
    }

    private String configOf(String topic, String key) {
        return TopicCatalog.all().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow().configs().get(key);
    }
}
