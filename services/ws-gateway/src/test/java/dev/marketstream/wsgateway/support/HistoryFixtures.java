package dev.marketstream.wsgateway.support;

import dev.marketstream.events.binary.BarIds;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.history.CandleTables;
import dev.marketstream.testing.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Bars in the test database as the stream processor's history writer stores them. The tables are the stream processor's
 * (its Flyway migration, applied here when the gateway's tests run before it ever did); partitions as it names them.
 */
public final class HistoryFixtures implements AutoCloseable {

    private static final String MIGRATION = "services/stream-processor/src/main/resources/db/migration/V1__market_candles.sql";

    private final Connection connection;

    public HistoryFixtures() {
        try {
            connection = DriverManager.getConnection("jdbc:" + LocalStack.testDatabaseUrl(), "marketstream", "marketstream");
            try (Statement statement = connection.createStatement();
                    ResultSet exists = statement.executeQuery("SELECT to_regclass('" + CandleTables.ROLLUPS + "') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    statement.execute(Files.readString(LocalStack.repositoryRoot().resolve(MIGRATION)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the bar tables in the test database", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a bar of {@code interval} (1s, 1m: as emitted; 5m, 1h, 1d: as a roll-up) with volume 1 and one trade. */
    public void bar(String symbol, int intervalSeconds, Instant start, String open, String high, String low, String close) {
        boolean rollup = CandleTables.ROLLUP_INTERVALS.contains(intervalSeconds);
        String table = CandleTables.of(intervalSeconds);
        String part = rollup ? table : intervalSeconds == 1 ? CandleTables.SECOND_BARS : CandleTables.MINUTE_BARS;
        try (Statement statement = connection.createStatement()) {
            statement.execute(CandleTables.createPartition(part, LocalDate.ofInstant(start, ZoneOffset.UTC)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String sql = "INSERT INTO " + table + " (window_start, trade_count, event_id, interval_seconds, symbol, open, high, low, close,"
                + " volume, vwap" + (rollup ? ", notional" : "") + ") VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 1, ?" + (rollup ? ", ?" : "") + ")";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setTimestamp(1, Timestamp.from(start));
            insert.setObject(2, BarIds.of(symbol, intervalSeconds, Envelopes.nanos(start)));
            insert.setInt(3, intervalSeconds);
            insert.setString(4, symbol);
            insert.setBigDecimal(5, new BigDecimal(open));
            insert.setBigDecimal(6, new BigDecimal(high));
            insert.setBigDecimal(7, new BigDecimal(low));
            insert.setBigDecimal(8, new BigDecimal(close));
            insert.setBigDecimal(9, new BigDecimal(close));
            if (rollup) {
                insert.setBigDecimal(10, new BigDecimal(close));
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
