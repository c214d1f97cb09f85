package dev.marketstream.streamprocessor.persistence;

import dev.marketstream.events.history.CandleTables;
import dev.marketstream.streamprocessor.domain.ClosedBar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the bars an audit replay rebuilt ({@link CandleTables#AUDIT}, one set per job) and compares them with the
 * stored history over the same symbol, interval and range.
 */
public final class AuditStore {

    /** How the two sets compare: window starts per outcome (each list cut at {@code maxListed}) and complete counts. */
    public record Comparison(long matching, long differingCount, long missingCount, long unexpectedCount, List<Instant> differing,
            List<Instant> missing, List<Instant> unexpected) {
    }

    private static final String INSERT = """
            INSERT INTO market_candle_audit (job_id, window_start, trade_count, event_id, interval_seconds, symbol,
                open, high, low, close, volume, vwap)
            VALUES (?, to_timestamp(?), ?, ?, ?, ?, ? * 0.00000001, ? * 0.00000001, ? * 0.00000001, ? * 0.00000001,
                ? * 0.00000001, ? * 0.00000001)
            """;
    private static final String COMPARE = """
            SELECT CASE WHEN s.symbol IS NULL THEN 'missing' WHEN a.symbol IS NULL THEN 'unexpected'
                        WHEN (a.open, a.high, a.low, a.close, a.volume, a.vwap, a.trade_count)
                           = (s.open, s.high, s.low, s.close, s.volume, s.vwap, s.trade_count) THEN 'matching'
                        ELSE 'differing' END AS outcome,
                   coalesce(a.window_start, s.window_start) AS window_start
            FROM (SELECT * FROM market_candle_audit WHERE job_id = ?) a
            FULL JOIN (SELECT * FROM market_candles WHERE symbol = ? AND interval_seconds = ?
                       AND window_start >= ? AND window_start < ?) s
              ON s.window_start = a.window_start
            ORDER BY 2
            """;

    /** Stores a job's rebuilt bars in one transaction. */
    public void store(Connection connection, UUID job, List<ClosedBar> bars) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (ClosedBar bar : bars) {
                int p = 1;
                insert.setObject(p++, job);
                insert.setLong(p++, bar.windowStartSeconds());
                insert.setLong(p++, bar.tradeCount());
                insert.setObject(p++, bar.eventId());
                insert.setInt(p++, bar.intervalSeconds());
                insert.setString(p++, bar.symbol());
                for (long value : new long[] {bar.open(), bar.high(), bar.low(), bar.close(), bar.volume(), bar.vwap()}) {
                    insert.setLong(p++, value);
                }
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Compares a job's bars with the stored ones of {@code symbol} and {@code intervalSeconds} in [from, to). */
    public Comparison compare(Connection connection, UUID job, String symbol, int intervalSeconds, Instant from, Instant to, int maxListed)
            throws SQLException {
        long matching = 0;
        long[] counts = new long[3];
        List<List<Instant>> listed = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (PreparedStatement query = connection.prepareStatement(COMPARE)) {
            query.setObject(1, job);
            query.setString(2, symbol);
            query.setInt(3, intervalSeconds);
            query.setTimestamp(4, Timestamp.from(from));
            query.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int kind = switch (rows.getString(1)) {
                        case "differing" -> 0;
                        case "missing" -> 1;
                        case "unexpected" -> 2;
                        default -> -1;
                    };
                    if (kind < 0) {
                        matching++;
                        continue;
                    }
                    counts[kind]++;
                    if (listed.get(kind).size() < maxListed) {
                        listed.get(kind).add(rows.getTimestamp(2).toInstant());
                    }
                }
            }
        }
        return new Comparison(matching, counts[0], counts[1], counts[2], listed.get(0), listed.get(1), listed.get(2));
    }

    /** Deletes the bars of jobs older than {@code before}; returns how many rows went. */
    public int deleteBefore(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + CandleTables.AUDIT + " WHERE created_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(before));
            return delete.executeUpdate();
        }
    }
}
