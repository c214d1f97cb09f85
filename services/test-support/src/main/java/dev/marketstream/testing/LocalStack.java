package dev.marketstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the local stack (scripts/stack) runs its servers and keeps its runtime files. */
public final class LocalStack {

    private LocalStack() {
    }

    public static String kafkaBootstrapServers() {
        return System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    /** The database tests use; the dev database stays untouched. */
    public static String testDatabaseUrl() {
        return "postgresql://127.0.0.1:5432/marketstream_test";
    }

    public static String redisUri() {
        return System.getenv().getOrDefault("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379");
    }

    /** The repository root: the nearest folder above the working directory that holds scripts/stack. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts").resolve("stack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the MarketStream repository: no scripts/stack above " + Path.of("").toAbsolutePath());
    }

    /** The runtime folder: MARKETSTREAM_RUNTIME, else .runtime in the repository. */
    public static Path runtime() {
        String configured = System.getenv("MARKETSTREAM_RUNTIME");
        return configured != null ? Path.of(configured) : repositoryRoot().resolve(".runtime");
    }
}
