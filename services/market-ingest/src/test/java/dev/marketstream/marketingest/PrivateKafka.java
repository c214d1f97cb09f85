package dev.marketstream.marketingest;

import dev.marketstream.events.kafka.TopicCatalog;
import dev.marketstream.events.kafka.TopicProvisioner;
import dev.marketstream.testing.ChildProcess;
import dev.marketstream.testing.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node KRaft broker of this test alone, run from the local stack's Kafka jars on free loopback
 * ports, so a test can take Kafka away and bring it back without touching the shared broker. As a
 * Quarkus test resource it points the application under test at itself.
 */
public class PrivateKafka implements QuarkusTestResourceLifecycleManager {

    /** The broker of the running test, for the test to stop and start. */
    public static PrivateKafka broker;

    private Path dir;
    private int port;
    private ChildProcess process;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("private-kafka");
            port = ChildProcess.freePort();
            int controllerPort = ChildProcess.freePort();
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller", "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1", "auto.create.topics.enable=false",
                    "group.initial.rebalance.delay.ms=0", ""));
            run("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c", dir.resolve("server.properties").toString()).awaitExit(Duration.ofSeconds(60));
            startBroker();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
                new TopicProvisioner(admin, (short) 1).provision(TopicCatalog.all());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("private Kafka did not start; see " + dir.resolve("broker.log"), e);
        }
        broker = this;
        // Quarkus builds its Kafka client settings from every property whose name starts with "kafka",
        // the raw environment name KAFKA_BOOTSTRAP_SERVERS included; naming that one too keeps an exported
        // variable (scripts/test exports it) from pointing the app back at the shared broker.
        return Map.of("kafka.bootstrap.servers", bootstrap(), "KAFKA_BOOTSTRAP_SERVERS", bootstrap());
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on its data directory and waits until it accepts connections. */
    public void startBroker() {
        process = run("kafka.Kafka", dir.resolve("server.properties").toString()).awaitPort(port, Duration.ofSeconds(90));
    }

    /** Stops the broker (SIGTERM) and waits for the process to end. */
    public void stopBroker() {
        process.stop(Duration.ofSeconds(60));
    }

    @Override
    public void stop() {
        try {
            if (process != null && process.isAlive()) {
                stopBroker();
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChildProcess run(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx512m", "-cp", libs() + "/*", mainClass));
        command.addAll(List.of(args));
        return ChildProcess.start("private Kafka", command, Map.of(), dir.resolve("broker.log"));
    }

    private static Path libs() {
        Path libs = LocalStack.runtime().resolve("kafka").resolve("libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("no Kafka jars in " + libs + "; run scripts/stack up first");
        }
        return libs;
    }
}
