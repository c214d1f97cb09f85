package dev.marketstream.helm.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.kafka.TopicCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves the committed KafkaTopic resources of k8s-operators/ are exactly what the event model's TopicCatalog
 * generates, so a topic added, re-partitioned or re-configured in the catalog fails here until they are regenerated.
 */
class KafkaTopicResourcesTest {

    private static final Path OPERATORS = Path.of("../k8s-operators").toAbsolutePath().normalize();

    @Test
    void devTopicsMatchTheCatalog() throws IOException {
        check(OPERATORS.resolve("dev/kafka-topics.yaml"), KafkaTopicResources.render("marketstream", 1, Map.of()));
    }

    /** Three replicas, two of which must acknowledge a write (the cluster default, pinned per topic too). */
    @Test
    void prodTopicsMatchTheCatalog() throws IOException {
        check(OPERATORS.resolve("prod/kafka-topics.yaml"),
                KafkaTopicResources.render("marketstream", 3, Map.of("min.insync.replicas", "2")));
    }

    @Test
    void everyCatalogTopicGetsAResource() {
        String rendered = KafkaTopicResources.render("marketstream", 1, Map.of());
        for (TopicCatalog.TopicSpec topic : TopicCatalog.all()) {
            assertThat(rendered).contains("  topicName: " + topic.name() + "\n  partitions: " + topic.partitions() + "\n");
        }
    }

    private static void check(Path committed, String generated) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(committed, generated);
            return;
        }
        assertThat(committed).as("%s; create it with helm/regen-golden", committed).exists();
        assertThat(Files.readString(committed))
                .as("%s differs from what TopicCatalog generates; run helm/regen-golden", committed.getFileName())
                .isEqualTo(generated);
    }
}
