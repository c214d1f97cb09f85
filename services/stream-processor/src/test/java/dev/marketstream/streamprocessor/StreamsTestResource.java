package dev.marketstream.streamprocessor;

import dev.marketstream.events.kafka.Topics;
import dev.marketstream.testing.KafkaGroups;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gives the test application a Kafka Streams application id, a snapshot and a bar-history consumer group of its own, all with
 * committed offsets at the current end of their topics. A new group would otherwise start where the topic ends
 * when its partitions are first assigned, seconds after the application is up, and skip whatever a test
 * produced in between. Once the application has stopped, deletes the internal topics and groups it created.
 */
public class StreamsTestResource implements QuarkusTestResourceLifecycleManager {

    private final String applicationId = "stream-processor-test-" + UUID.randomUUID();
    private final String snapshotGroup = applicationId + "-snapshots";
    private final String historyGroup = applicationId + "-history";

    @Override
    public Map<String, String> start() {
        KafkaGroups.startAtEnd(applicationId, List.of(Topics.MARKET_DATA_RAW));
        // reference-data is left out on purpose: the snapshot writer reads it from the beginning.
        KafkaGroups.startAtEnd(snapshotGroup, List.of(Topics.MARKET_PRICES, Topics.MARKET_VOLUME, Topics.MARKET_ORDERBOOK,
                Topics.MARKET_DATA_AGGREGATED));
        KafkaGroups.startAtEnd(historyGroup, List.of(Topics.MARKET_DATA_AGGREGATED));
        return Map.of("quarkus.kafka-streams.application-id", applicationId,
                "mp.messaging.connector.smallrye-kafka.group.id", snapshotGroup,
                "processor.history.group-id", historyGroup);
    }

    @Override
    public void stop() {
        KafkaGroups.deleteStreamsApplication(applicationId);
        KafkaGroups.deleteGroups(List.of(snapshotGroup, historyGroup, applicationId + "-redrive"));
    }
}
