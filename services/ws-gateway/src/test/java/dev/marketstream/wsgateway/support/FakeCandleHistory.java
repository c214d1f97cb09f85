package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.HistoryBar;
import dev.marketstream.wsgateway.domain.Ports;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link Ports.CandleHistory} over lists of stored bars per symbol and interval; counts the reads. */
public final class FakeCandleHistory extends FakePort implements Ports.CandleHistory {

    private final Map<String, List<HistoryBar>> stored = new HashMap<>();
    private int reads;

    /** A bar as the history writer would have stored it (call in window order). */
    public void store(String symbol, int intervalSeconds, HistoryBar bar) {
        stored.computeIfAbsent(symbol + "|" + intervalSeconds, k -> new ArrayList<>()).add(bar);
    }

    public int reads() {
        return reads;
    }

    @Override
    public Uni<List<HistoryBar>> between(String symbol, int intervalSeconds, long fromNanos, long toNanos, int limit) {
        return answer(() -> stored.getOrDefault(symbol + "|" + intervalSeconds, List.of()).stream()
                .filter(b -> b.windowStartNanos() >= fromNanos && b.windowStartNanos() < toNanos).limit(limit).toList());
    }

    @Override
    public Uni<List<HistoryBar>> last(String symbol, int intervalSeconds, int count) {
        reads++;
        return answer(() -> {
            List<HistoryBar> bars = stored.getOrDefault(symbol + "|" + intervalSeconds, List.of());
            return List.copyOf(bars.subList(Math.max(0, bars.size() - count), bars.size()));
        });
    }
}
