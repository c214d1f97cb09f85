package dev.marketstream.wsgateway.domain;

import static dev.marketstream.wsgateway.domain.GatewayService.onLane;

import dev.marketstream.wsgateway.protocol.ClientRequest;
import dev.marketstream.wsgateway.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Subscribe with history (DESIGN.md "History on subscribe"): the last {@code count} stored bars of one interval, then the
 * live bars, each bar once and none missing at the seam. Everything is asynchronous: the subscription is registered first
 * (live frames are held), the Redis snapshots and the PostgreSQL history are read without blocking a thread, and the
 * result is applied on the session's lane.
 *
 * <p>The seam: the history must reach the newest live bar of its interval held meanwhile (or, without one, the latest
 * bar in Redis). The history writer lags the bar topic by a poll and a transaction, so while the stored bars end before
 * that bar the read is repeated every {@code retry}, for at most {@code wait}; a bar the history holds beyond it is left
 * to the live stream. Since the writer stores each partition's bars in order, stored history that reaches a bar holds
 * every bar before it.
 */
public final class HistorySeam {

    private static final Logger LOG = Logger.getLogger(HistorySeam.class);

    /** How long and how often the history is read again while it ends before the live bars. */
    public record Timing(Duration maxWait, Duration retry) {
    }

    private final Ports.CandleHistory history;
    private final Ports.MarketSnapshots snapshots;
    private final FanOut fanOut;
    private final LongSupplier nanoClock;
    private final Timing timing;

    public HistorySeam(Ports.CandleHistory history, Ports.MarketSnapshots snapshots, FanOut fanOut, LongSupplier nanoClock, Timing timing) {
        this.history = history;
        this.snapshots = snapshots;
        this.fanOut = fanOut;
        this.nanoClock = nanoClock;
        this.timing = timing;
    }

    /** Sends the candle snapshots of {@code symbols} with {@code request}'s history (their streams are registered already). */
    public void send(ClientSession session, Collection<String> symbols, ClientRequest.History request) {
        for (String symbol : symbols) {
            session.expectHistory(new StreamKey(symbol, DataType.CANDLES), request.interval());
        }
        long deadline = nanoClock.getAsLong() + timing.maxWait().toNanos();
        onLane(session, snapshots.latest(DataType.CANDLES, symbols), latest -> {
            for (String symbol : symbols) {
                StreamKey stream = new StreamKey(symbol, DataType.CANDLES);
                List<MarketUpdate> values = latest.stream().filter(u -> u.stream().equals(stream)).toList();
                read(session, stream, request, values, deadline);
            }
        }, failure -> symbols.forEach(symbol -> read(session, new StreamKey(symbol, DataType.CANDLES), request, List.of(), deadline)));
    }

    private void read(ClientSession session, StreamKey stream, ClientRequest.History request, List<MarketUpdate> values, long deadline) {
        int seconds = request.intervalSeconds();
        onLane(session, history.last(stream.symbol(), seconds, request.count()), stored -> {
            MarketUpdate redis = values.stream().filter(u -> request.interval().equals(u.variant())).findFirst().orElse(null);
            long held = session.heldHistoryBarStart(stream, seconds);
            long target = held != Long.MIN_VALUE ? held : redis == null ? Long.MIN_VALUE : start(redis, seconds);
            long newest = stored.isEmpty() ? Long.MIN_VALUE : stored.get(stored.size() - 1).windowStartNanos();
            if (newest < target && nanoClock.getAsLong() < deadline) {
                session.lane().schedule(timing.retry().toMillis(), () -> read(session, stream, request, values, deadline));
                return;
            }
            complete(session, stream, request, stored, redis, target, values);
        }, failure -> {
            LOG.warnf("history of %s not readable, sending the snapshot only: %s", stream.wireName(), failure.toString());
            MarketUpdate redis = values.stream().filter(u -> request.interval().equals(u.variant())).findFirst().orElse(null);
            complete(session, stream, request, List.of(), redis, Long.MAX_VALUE, values);
        });
    }

    /** Sends the stored bars up to {@code target} (the Redis bar after them if they end before it), at most {@code count}. */
    private void complete(ClientSession session, StreamKey stream, ClientRequest.History request, List<HistoryBar> stored,
            MarketUpdate redis, long target, List<MarketUpdate> values) {
        int seconds = request.intervalSeconds();
        List<HistoryBar> bars = new ArrayList<>(stored.size() + 1);
        for (HistoryBar bar : stored) {
            if (target == Long.MIN_VALUE || bar.windowStartNanos() <= target) {
                bars.add(bar);
            }
        }
        long last = bars.isEmpty() ? Long.MIN_VALUE : bars.get(bars.size() - 1).windowStartNanos();
        if (redis != null && start(redis, seconds) > last && start(redis, seconds) <= target) {
            bars.add(new HistoryBar(start(redis, seconds), redis.dataJson()));
        }
        List<HistoryBar> shown = bars.size() > request.count() ? bars.subList(bars.size() - request.count(), bars.size()) : bars;
        session.completeSnapshot(stream, new ClientSession.CandleHistory(request.interval(), seconds, List.copyOf(shown)), values,
                fanOut.currentSeq(stream));
    }

    private static long start(MarketUpdate bar, int seconds) {
        return bar.timestampNanos() - seconds * 1_000_000_000L;
    }
}
