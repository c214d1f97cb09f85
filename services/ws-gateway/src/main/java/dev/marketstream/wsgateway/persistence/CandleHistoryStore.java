package dev.marketstream.wsgateway.persistence;

import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketJson;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.history.CandleTables;
import dev.marketstream.wsgateway.domain.HistoryBar;
import dev.marketstream.wsgateway.domain.Ports;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the bar history (services/stream-processor writes it; {@link CandleTables}) with the reactive PostgreSQL client:
 * no thread waits for the database, and the caller gets a {@link Uni}. Each row is rendered through the binary record
 * and {@link MarketJson}, exactly as a live {@code market_candle} frame's {@code data}, so a chart cannot tell stored
 * bars from live ones.
 */
public final class CandleHistoryStore implements Ports.CandleHistory {

    private static final String COLUMNS = "symbol, interval_seconds, window_start, event_id, open, high, low, close, volume, vwap, trade_count";
    /** How far back {@link #last} looks beyond {@code count} windows: spares the planner every old partition. */
    private static final Duration LAST_SLACK = Duration.ofDays(3);

    private final Pool pool;

    public CandleHistoryStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<List<HistoryBar>> between(String symbol, int intervalSeconds, long fromNanos, long toNanos, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM " + CandleTables.of(intervalSeconds)
                + " WHERE symbol = $1 AND interval_seconds = $2 AND window_start >= $3 AND window_start < $4"
                + " ORDER BY window_start LIMIT $5";
        return pool.preparedQuery(sql).execute(Tuple.of(symbol, intervalSeconds, time(fromNanos), time(toNanos), limit))
                .map(rows -> render(rows, false));
    }

    @Override
    public Uni<List<HistoryBar>> last(String symbol, int intervalSeconds, int count) {
        Instant since = Instant.now().minus(Duration.ofSeconds((long) intervalSeconds * count)).minus(LAST_SLACK);
        String sql = "SELECT " + COLUMNS + " FROM " + CandleTables.of(intervalSeconds)
                + " WHERE symbol = $1 AND interval_seconds = $2 AND window_start >= $3 ORDER BY window_start DESC LIMIT $4";
        return pool.preparedQuery(sql).execute(Tuple.of(symbol, intervalSeconds, since.atOffset(ZoneOffset.UTC), count))
                .map(rows -> render(rows, true));
    }

    /** The rows as bars, oldest first. */
    private static List<HistoryBar> render(RowSet<Row> rows, boolean newestFirst) {
        MarketWriter writer = new MarketWriter();
        MarketRecord record = new MarketRecord();
        MarketJson json = new MarketJson();
        List<HistoryBar> bars = new ArrayList<>(rows.size());
        for (Row row : rows) {
            int interval = row.getInteger("interval_seconds");
            long start = Envelopes.nanos(row.getOffsetDateTime("window_start").toInstant());
            long end = start + interval * 1_000_000_000L;
            writer.ohlcvBar().intervalSeconds(interval).windowStart(start).windowEnd(end)
                    .open(fixed(row, "open")).high(fixed(row, "high")).low(fixed(row, "low")).close(fixed(row, "close"))
                    .volume(fixed(row, "volume")).vwap(fixed(row, "vwap")).tradeCount(row.getLong("trade_count"))
                    .symbol(row.getString("symbol")).source("history");
            writer.envelope(row.getUUID("event_id"), end, TraceIds.NONE);
            record.wrap(writer.toBytes());
            bars.add(new HistoryBar(start, json.data(record)));
        }
        if (newestFirst) {
            Collections.reverse(bars);
        }
        return bars;
    }

    private static long fixed(Row row, String column) {
        return Decimals.of(row.getBigDecimal(column), column);
    }

    private static OffsetDateTime time(long nanos) {
        return Envelopes.instant(nanos).atOffset(ZoneOffset.UTC);
    }
}
