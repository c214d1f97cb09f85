package dev.marketstream.events.history;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where the bar history lives in PostgreSQL, like {@link dev.marketstream.events.kafka.Topics} for Kafka: the
 * stream processor writes these tables (its Flyway migration creates them), the gateway reads them. Bars are keyed by
 * symbol, interval and window start; prices and quantities are {@code NUMERIC(20, 8)}.
 */
public final class CandleTables {

    /** 1 s and 1 min bars as the stream processor emitted them (list-partitioned by interval, then by day). */
    public static final String BARS = "market_candles";
    /** The 1 s bars' part of {@link #BARS}. */
    public static final String SECOND_BARS = "market_candles_1s";
    /** The 1 min bars' part of {@link #BARS}. */
    public static final String MINUTE_BARS = "market_candles_1m";
    /** 5 min, 1 h and 1 day bars aggregated from the stored 1 min bars (partitioned by day). */
    public static final String ROLLUPS = "market_candle_rollups";
    /** Bars rebuilt from {@code market-data-raw} by an audit replay, per replay job. */
    public static final String AUDIT = "market_candle_audit";

    /** The intervals the stream processor emits, in seconds. */
    public static final List<Integer> EMITTED_INTERVALS = List.of(1, 60);
    /** The roll-up intervals, each aggregated from the one before it (the first from 1 min bars). */
    public static final List<Integer> ROLLUP_INTERVALS = List.of(300, 3_600, 86_400);
    /** Every interval the history holds. */
    public static final List<Integer> INTERVALS = List.of(1, 60, 300, 3_600, 86_400);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private CandleTables() {
    }

    /** The partition of {@code table} ({@link #SECOND_BARS}, {@link #MINUTE_BARS} or {@link #ROLLUPS}) for one UTC day. */
    public static String partition(String table, LocalDate day) {
        return table + "_p" + DAY.format(day);
    }

    /** The statement that makes {@link #partition}, unless it exists: it holds the bars whose window starts on that UTC day. */
    public static String createPartition(String table, LocalDate day) {
        return "CREATE TABLE IF NOT EXISTS " + partition(table, day) + " PARTITION OF " + table
                + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
    }

    /** The day of a partition's name; null for a name that is not a partition of {@code table}. */
    public static LocalDate dayOf(String table, String partition) {
        String prefix = table + "_p";
        if (!partition.startsWith(prefix) || partition.length() != prefix.length() + 8) {
            return null;
        }
        try {
            return LocalDate.parse(partition.substring(prefix.length()), DAY);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The table holding bars of {@code intervalSeconds} (one of {@link #INTERVALS}). */
    public static String of(int intervalSeconds) {
        if (EMITTED_INTERVALS.contains(intervalSeconds)) {
            return BARS;
        }
        if (ROLLUP_INTERVALS.contains(intervalSeconds)) {
            return ROLLUPS;
        }
        throw new IllegalArgumentException("no stored bars of " + intervalSeconds + " s; the history holds " + INTERVALS + " s");
    }
}
