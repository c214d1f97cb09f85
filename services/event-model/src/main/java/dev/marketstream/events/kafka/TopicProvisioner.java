package dev.marketstream.events.kafka;

import dev.marketstream.platform.kafka.KafkaClientSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the {@link TopicCatalog} topics that are missing and grows partition counts that are
 * too small; never deletes or shrinks. Idempotent, so the local stack runs it on every start.
 *
 * <pre>java -cp ... dev.marketstream.events.kafka.TopicProvisioner [bootstrap-servers] [replication-factor] [provision|check]</pre>
 *
 * On a secured cluster, {@code KAFKA_CLIENT_PROPERTIES} names a client properties file (security.protocol, SASL, TLS),
 * as Kafka's own tools take with {@code --command-config}.
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        short replication = args.length > 1 ? Short.parseShort(args[1]) : 1;
        boolean checkOnly = args.length > 2 && "check".equals(args[2]);
        Map<String, Object> config = KafkaClientSettings.admin(clientProperties(System.getenv("KAFKA_CLIENT_PROPERTIES")),
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        List<TopicCatalog.TopicSpec> catalog = TopicCatalog.all();
        try (Admin admin = Admin.create(config)) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, replication);
            if (checkOnly) {
                List<String> missing = provisioner.missing(catalog);
                System.out.printf("%d of %d catalog topics present%s%n", catalog.size() - missing.size(), catalog.size(),
                        missing.isEmpty() ? "" : ", missing " + missing);
                System.exit(missing.isEmpty() ? 0 : 1);
            }
            List<String> changes = provisioner.provision(catalog);
            System.out.printf("%d catalog topics present, %d changed now%n", catalog.size(), changes.size());
            changes.forEach(change -> System.out.println("  " + change));
        }
    }

    private static Map<String, Object> clientProperties(String file) throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (file != null && !file.isBlank()) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                properties.load(reader);
            }
            properties.forEach((key, value) -> settings.put((String) key, value));
        }
        return settings;
    }

    /** Names of catalog topics that do not exist. */
    public List<String> missing(List<TopicCatalog.TopicSpec> specs) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        return specs.stream().map(TopicCatalog.TopicSpec::name).filter(name -> !existing.contains(name)).toList();
    }

    /** Brings the cluster in line with the given specs and returns what was changed. */
    public List<String> provision(List<TopicCatalog.TopicSpec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> changes = new ArrayList<>();
        List<NewTopic> missing = specs.stream()
                .filter(spec -> !existing.contains(spec.name()))
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()))
                .toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // a concurrent provisioner creating the same topic is fine
                }
            }
            missing.forEach(topic -> changes.add("created " + topic.name() + " (" + topic.numPartitions() + " partitions)"));
        }
        Map<String, NewPartitions> grow = new HashMap<>();
        List<String> present = specs.stream().map(TopicCatalog.TopicSpec::name).filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = present.isEmpty() ? Map.of()
                : admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
        for (TopicCatalog.TopicSpec spec : specs) {
            TopicDescription description = descriptions.get(spec.name());
            if (description != null && description.partitions().size() < spec.partitions()) {
                grow.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
                changes.add("grew " + spec.name() + " from " + description.partitions().size() + " to " + spec.partitions() + " partitions");
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
        }
        return changes;
    }
}
