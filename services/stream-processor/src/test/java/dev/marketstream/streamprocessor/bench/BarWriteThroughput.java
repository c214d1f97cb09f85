package dev.marketstream.streamprocessor.bench;

import dev.marketstream.events.binary.BarIds;
import dev.marketstream.events.history.CandleTables;
import dev.marketstream.streamprocessor.domain.ClosedBar;
import dev.marketstream.streamprocessor.persistence.CandlePartitions;
import dev.marketstream.streamprocessor.persistence.CandleStore;
import dev.marketstream.testing.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast the history writer's store takes bars on this machine's PostgreSQL ({@code scripts/bench-bar-history}): the
 * bars of {@code SYMBOLS} symbols over {@code SECONDS} seconds of market time (one 1 s bar per symbol and second, one
 * 1 min bar per symbol and minute, with their roll-ups), written in batches of {@code BATCH} as the writer's polls
 * would bring them; then the storage each row takes. Uses symbols of its own and deletes their rows afterwards.
 *
 * <pre>BarWriteThroughput SYMBOLS SECONDS BATCH</pre>
 */
public final class BarWriteThroughput {

    private BarWriteThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int symbols = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        String prefix = "BW" + Long.toString(System.nanoTime() % 100_000, 36).toUpperCase() + "-";
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        CandleStore store = new CandleStore(new CandlePartitions(List.of()));
        long written = 0;
        long minuteBatchNanos = 0;
        long minuteBars = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:" + LocalStack.testDatabaseUrl(), "marketstream", "marketstream")) {
            long began = System.nanoTime();
            List<ClosedBar> pending = new ArrayList<>(batch);
            for (int second = 0; second < seconds; second++) {
                long at = start.plusSeconds(second).getEpochSecond() * 1_000_000_000L;
                for (int s = 0; s < symbols; s++) {
                    pending.add(bar(prefix + s, 1, at, s + second));
                    if (pending.size() == batch) {
                        written += write(store, connection, pending);
                    }
                }
                if ((second + 1) % 60 == 0) {
                    written += write(store, connection, pending);
                    long minute = at - 59_000_000_000L;
                    long t0 = System.nanoTime();
                    for (int s = 0; s < symbols; s++) {
                        pending.add(bar(prefix + s, 60, minute, s + second));
                        if (pending.size() == batch) {
                            written += write(store, connection, pending);
                        }
                    }
                    written += write(store, connection, pending);
                    minuteBatchNanos += System.nanoTime() - t0;
                    minuteBars += symbols;
                }
            }
            written += write(store, connection, pending);
            double elapsed = (System.nanoTime() - began) / 1e9;
            System.out.printf("symbols=%d market_seconds=%d batch=%d bars_written=%d elapsed_s=%.1f bars_per_s=%.0f%n",
                    symbols, seconds, batch, written, elapsed, written / elapsed);
            if (minuteBars > 0) {
                System.out.printf("1m bars with roll-ups: %d in %.2f s = %.0f bars/s%n", minuteBars, minuteBatchNanos / 1e9,
                        minuteBars / (minuteBatchNanos / 1e9));
            }
            storage(connection, prefix);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM " + CandleTables.BARS + " WHERE symbol LIKE '" + prefix + "%'");
                statement.execute("DELETE FROM " + CandleTables.ROLLUPS + " WHERE symbol LIKE '" + prefix + "%'");
            }
        }
    }

    private static long write(CandleStore store, Connection connection, List<ClosedBar> pending) throws Exception {
        if (pending.isEmpty()) {
            return 0;
        }
        long n = store.write(connection, pending).written();
        pending.clear();
        return n;
    }

    private static ClosedBar bar(String symbol, int interval, long start, int seed) {
        long price = 10_000_000_000L + (seed % 997) * 1_000_000L;
        return new ClosedBar(symbol, interval, start, price, price + 5_000_000L, price - 5_000_000L, price + 1_000_000L,
                (1 + seed % 50) * 100_000_000L, price, 1 + seed % 9, BarIds.of(symbol, interval, start));
    }

    /** Bytes per row of each table (heap, index and TOAST of the run's partitions), after an ANALYZE. */
    private static void storage(Connection connection, String prefix) throws Exception {
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of(CandleTables.SECOND_BARS, CandleTables.MINUTE_BARS, CandleTables.ROLLUPS)) {
                statement.execute("ANALYZE " + table);
                try (ResultSet row = statement.executeQuery("SELECT sum(pg_total_relation_size(c.oid)), sum(c.reltuples) FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = '" + table + "'")) {
                    row.next();
                    long bytes = row.getLong(1);
                    double rows = row.getDouble(2);
                    System.out.printf("%s: %.0f rows, %d bytes, %.0f bytes/row (whole table, all runs)%n", table, rows, bytes,
                            rows > 0 ? bytes / rows : 0);
                }
            }
        }
    }
}
