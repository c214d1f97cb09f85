package dev.marketstream.streamprocessor.persistence;

import static dev.marketstream.events.history.CandleTables.BARS;
import static dev.marketstream.events.history.CandleTables.MINUTE_BARS;
import static dev.marketstream.events.history.CandleTables.ROLLUPS;
import static dev.marketstream.events.history.CandleTables.SECOND_BARS;

import dev.marketstream.events.binary.BarIds;
import dev.marketstream.events.history.CandleTables;
import dev.marketstream.streamprocessor.domain.ClosedBar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores closed bars and their roll-ups, one batch per transaction (see DESIGN.md "Bars in PostgreSQL").
 *
 * <p>Bars go in with one {@code INSERT ... SELECT FROM unnest(arrays)} per batch: one statement and one round trip for
 * thousands of rows. {@code ON CONFLICT DO NOTHING} on the bar's key (symbol, interval, window start: what its event
 * id is made of) makes a second write of a bar a no-op, so a batch may be stored any number of times.
 *
 * <p>Roll-ups are recomputed in the same transaction for every window a 1 min bar of the batch falls in, from the stored
 * rows one level down: 5 min from 1 min bars, 1 h from 5 min, 1 day from 1 h. A roll-up is therefore always the
 * aggregate of the 1 min bars stored so far, however often a batch is written, and costs at most 5 + 12 + 24 rows read.
 */
public final class CandleStore {

    private static final String INSERT_BARS = """
            INSERT INTO market_candles (window_start, trade_count, event_id, interval_seconds, symbol,
                open, high, low, close, volume, vwap)
            SELECT to_timestamp(b.start_s), b.trades, b.id, b.iv, b.symbol,
                b.o * 0.00000001, b.h * 0.00000001, b.l * 0.00000001, b.c * 0.00000001, b.v * 0.00000001, b.w * 0.00000001
            FROM unnest(?::bigint[], ?::bigint[], ?::uuid[], ?::int[], ?::varchar[],
                ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                AS b(start_s, trades, id, iv, symbol, o, h, l, c, v, w)
            ON CONFLICT (symbol, interval_seconds, window_start) DO NOTHING
            """;

    /** A roll-up window: symbol and start. */
    private record Window(String symbol, long startSeconds) {
    }

    private final CandlePartitions partitions;

    public CandleStore(CandlePartitions partitions) {
        this.partitions = partitions;
    }

    /** What a batch came to. */
    public record Outcome(int written, int duplicates) {
    }

    /** Stores a batch in one transaction (the connection is left in auto-commit mode, as it came). */
    public Outcome write(Connection connection, List<ClosedBar> bars) throws SQLException {
        if (bars.isEmpty()) {
            return new Outcome(0, 0);
        }
        Map<String, Set<LocalDate>> days = new LinkedHashMap<>();
        for (ClosedBar bar : bars) {
            LocalDate day = CandlePartitions.dayOf(Instant.ofEpochSecond(bar.windowStartSeconds()));
            days.computeIfAbsent(tableOf(bar.intervalSeconds()), t -> new HashSet<>()).add(day);
            if (bar.intervalSeconds() == 60) {
                days.computeIfAbsent(ROLLUPS, t -> new HashSet<>()).add(day);
            }
        }
        for (Map.Entry<String, Set<LocalDate>> table : days.entrySet()) {
            partitions.ensure(connection, table.getKey(), table.getValue());
        }
        connection.setAutoCommit(false);
        try {
            int written = insert(connection, bars);
            Set<Window> windows = new java.util.TreeSet<>(java.util.Comparator.comparing(Window::symbol)
                    .thenComparingLong(Window::startSeconds));
            for (ClosedBar bar : bars) {
                if (bar.intervalSeconds() == 60) {
                    windows.add(new Window(bar.symbol(), bar.windowStartSeconds()));
                }
            }
            int child = 60;
            for (int interval : CandleTables.ROLLUP_INTERVALS) {
                rollUp(connection, windows, child, interval);
                child = interval;
            }
            connection.commit();
            return new Outcome(written, bars.size() - written);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The table of a bar interval the processor emits. */
    public static String tableOf(int intervalSeconds) {
        return switch (intervalSeconds) {
            case 1 -> SECOND_BARS;
            case 60 -> MINUTE_BARS;
            default -> throw new IllegalArgumentException("the processor emits 1 s and 1 min bars, not " + intervalSeconds + " s");
        };
    }

    private static int insert(Connection connection, List<ClosedBar> bars) throws SQLException {
        int n = bars.size();
        Long[] starts = new Long[n];
        Long[] trades = new Long[n];
        UUID[] ids = new UUID[n];
        Integer[] intervals = new Integer[n];
        String[] symbols = new String[n];
        Long[][] prices = new Long[6][n];
        for (int i = 0; i < n; i++) {
            ClosedBar bar = bars.get(i);
            starts[i] = bar.windowStartSeconds();
            trades[i] = bar.tradeCount();
            ids[i] = bar.eventId();
            intervals[i] = bar.intervalSeconds();
            symbols[i] = bar.symbol();
            prices[0][i] = bar.open();
            prices[1][i] = bar.high();
            prices[2][i] = bar.low();
            prices[3][i] = bar.close();
            prices[4][i] = bar.volume();
            prices[5][i] = bar.vwap();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BARS)) {
            insert.setArray(1, connection.createArrayOf("bigint", starts));
            insert.setArray(2, connection.createArrayOf("bigint", trades));
            insert.setArray(3, connection.createArrayOf("uuid", ids));
            insert.setArray(4, connection.createArrayOf("int4", intervals));
            insert.setArray(5, connection.createArrayOf("varchar", symbols));
            for (int column = 0; column < 6; column++) {
                insert.setArray(6 + column, connection.createArrayOf("bigint", prices[column]));
            }
            return insert.executeUpdate();
        }
    }

    /**
     * Recomputes the {@code interval} roll-ups that contain the given 1 min windows from their stored children of
     * {@code childInterval}: open of the first child, close of the last, highest high, lowest low, sums of volume, trades
     * and notional; VWAP = notional / volume (the close when nothing traded).
     */
    private static void rollUp(Connection connection, Set<Window> minuteWindows, int childInterval, int interval) throws SQLException {
        Map<Window, UUID> windows = new LinkedHashMap<>();
        for (Window minute : minuteWindows) {
            long start = Math.floorDiv(minute.startSeconds(), interval) * interval;
            windows.computeIfAbsent(new Window(minute.symbol(), start),
                    w -> BarIds.of(w.symbol(), interval, w.startSeconds() * 1_000_000_000L));
        }
        int n = windows.size();
        String[] symbols = new String[n];
        Long[] starts = new Long[n];
        UUID[] ids = new UUID[n];
        int i = 0;
        for (Map.Entry<Window, UUID> window : windows.entrySet()) {
            symbols[i] = window.getKey().symbol();
            starts[i] = window.getKey().startSeconds();
            ids[i++] = window.getValue();
        }
        boolean fromMinutes = childInterval == 60;
        String children = fromMinutes ? BARS : ROLLUPS;
        String notional = fromMinutes ? "c.vwap * c.volume" : "c.notional";
        String sql = """
                INSERT INTO market_candle_rollups AS r (window_start, trade_count, event_id, interval_seconds, symbol,
                    open, high, low, close, volume, vwap, notional)
                SELECT to_timestamp(k.start_s), sum(c.trade_count), k.id, %1$d, k.symbol,
                    (array_agg(c.open ORDER BY c.window_start))[1], max(c.high), min(c.low),
                    (array_agg(c.close ORDER BY c.window_start DESC))[1], sum(c.volume),
                    CASE WHEN sum(c.volume) = 0 THEN (array_agg(c.close ORDER BY c.window_start DESC))[1]
                         ELSE round(sum(%2$s) / sum(c.volume), 8) END,
                    sum(%2$s)
                FROM unnest(?::varchar[], ?::bigint[], ?::uuid[]) AS k(symbol, start_s, id)
                JOIN %3$s c ON c.symbol = k.symbol AND c.interval_seconds = %4$d
                    AND c.window_start >= to_timestamp(k.start_s) AND c.window_start < to_timestamp(k.start_s + %1$d)
                GROUP BY k.symbol, k.start_s, k.id
                ON CONFLICT (symbol, interval_seconds, window_start) DO UPDATE SET
                    trade_count = EXCLUDED.trade_count, open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
                    close = EXCLUDED.close, volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, notional = EXCLUDED.notional
                WHERE r.trade_count <> EXCLUDED.trade_count OR r.notional <> EXCLUDED.notional OR r.close <> EXCLUDED.close
                """.formatted(interval, notional, children, childInterval);
        try (PreparedStatement rollUp = connection.prepareStatement(sql)) {
            rollUp.setArray(1, connection.createArrayOf("varchar", symbols));
            rollUp.setArray(2, connection.createArrayOf("bigint", starts));
            rollUp.setArray(3, connection.createArrayOf("uuid", ids));
            rollUp.executeUpdate();
        }
    }
}
