package dev.marketstream.processor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Gives the test application a Kafka Streams application id of its own and, once the application has
 * stopped, deletes the internal topics and consumer groups that id created on the shared broker.
 */
public class StreamsTestResource implements QuarkusTestResourceLifecycleManager {

    private final String applicationId = "stream-processor-test-" + UUID.randomUUID();

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.kafka-streams.application-id", applicationId);
    }

    @Override
    public void stop() {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> internal = admin.listTopics().names().get().stream().filter(t -> t.startsWith(applicationId))
                    .collect(Collectors.toSet());
            admin.deleteTopics(internal).all().get();
            admin.deleteConsumerGroups(List.of(applicationId, applicationId + "-redrive")).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            // a group that never committed does not exist; the topics are what matters
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
