package dev.marketstream.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.marketstream.events.kafka.TopicCatalog;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the chart's autoscaling defaults name the topics of the event model's catalog and never allow more pods than
 * partitions, so a renamed topic or a changed partition count fails here rather than in a cluster that stops scaling.
 */
class CatalogAgreementTest {

    private static JsonNode values;

    @BeforeAll
    static void readValues() throws IOException {
        values = new ObjectMapper(new YAMLFactory()).readTree(Chart.DIR.resolve("values.yaml").toFile());
    }

    @Test
    void streamProcessorScalesOnTheRawMarketTopicUpToItsPartitions() {
        JsonNode scaling = values.at("/streamProcessor/autoscaling");
        assertThat(scaling.at("/kafkaLag/topic").asText()).isEqualTo(Topics.MARKET_DATA_RAW);
        assertThat(scaling.at("/maxReplicas").asInt()).isBetween(1, partitionsOf(Topics.MARKET_DATA_RAW));
        assertThat(scaling.at("/minReplicas").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void eventProcessorScalesOnUserEventsUpToItsPartitions() {
        JsonNode scaling = values.at("/eventProcessor/autoscaling");
        assertThat(scaling.at("/kafkaLag/topic").asText()).isEqualTo(Topics.USER_EVENTS);
        assertThat(scaling.at("/maxReplicas").asInt()).isBetween(1, partitionsOf(Topics.USER_EVENTS));
        assertThat(scaling.at("/redisStreamLag/stream").asText()).startsWith(RedisKeys.PREFIX);
    }

    private static int partitionsOf(String topic) {
        return TopicCatalog.all().stream().filter(spec -> spec.name().equals(topic)).findFirst().orElseThrow().partitions();
    }
}
