package dev.marketstream.testing;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * Records the settings every Kafka client of a service was built with. A service under test lists it in
 * {@code kafka.metric.reporters}; Kafka then hands each client's explicit settings to {@link #configure}, so a test can
 * see that a setting of the service's broker configuration (e.g. {@code security.protocol}) reached every client it
 * builds, also those it builds by hand. A client built without the broker configuration is not recorded at all.
 */
public final class KafkaClientRecorder implements MetricsReporter {

    private static final Map<String, Map<String, Object>> CLIENTS = new ConcurrentHashMap<>();

    /** Settings by client id, of every client built in this JVM with this reporter. */
    public static Map<String, Map<String, Object>> clients() {
        return Map.copyOf(CLIENTS);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object clientId = configs.get("client.id");
        CLIENTS.put(clientId == null ? "(no client.id)" : clientId.toString(), Collections.unmodifiableMap(new HashMap<>(configs)));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }
}
