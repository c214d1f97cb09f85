package dev.marketstream.marketingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.sbe.BookKind;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves the synthetic feed's records describe its books exactly: each symbol's snapshot plus deltas, applied as readers do, rebuild the generator's own book. */
class SyntheticBooksTest {

    private static final long NOW = 1_764_590_400_000_000_000L;

    private final MarketRecord reader = new MarketRecord();

    @Test
    void snapshotAndDeltasRebuildEachSymbolsBook() {
        SyntheticMarket market = new SyntheticMarket(new SyntheticMarket.Settings(40, 21, "", 10, 100, 0.4), "test-feed");
        Map<String, OrderBook> rebuilt = new HashMap<>();
        Map<String, Integer> applied = new HashMap<>();
        MarketBatch batch = new MarketBatch(TraceIds.NONE, 1);
        for (int i = 0; i < 60_000; i++) {
            market.next(NOW, batch);
            String symbol = batch.symbol(i);
            if (reader.wrap(batch.record(i)) != MarketType.BOOK_UPDATE) {
                continue;
            }
            OrderBook book = rebuilt.computeIfAbsent(symbol, s -> new OrderBook());
            assertThat(book.apply(reader.bookUpdate())).as("update %d of %s", i, symbol)
                    .isIn(OrderBook.Outcome.REPLACED, OrderBook.Outcome.APPLIED);
            applied.merge(symbol, 1, Integer::sum);
            assertThat(book.sameLevels(market.book(symbol)))
                    .as("%s rebuilt after event %d: %s, generated: %s", symbol, i, book, market.book(symbol)).isTrue();
        }
        assertThat(rebuilt).hasSize(40);
        assertThat(applied.values()).allSatisfy(updates -> assertThat(updates).isGreaterThan(300));
    }

    @Test
    void readerThatJoinsLateWaitsForTheNextSnapshotAndThenFollows() {
        SyntheticMarket market = new SyntheticMarket(new SyntheticMarket.Settings(3, 5, "", 10, 50, 0.5), "test-feed");
        MarketBatch batch = new MarketBatch(TraceIds.NONE, 1);
        for (int i = 0; i < 300; i++) { // the reader misses these, the first snapshots among them
            market.next(NOW, batch);
        }
        Map<String, OrderBook> rebuilt = new HashMap<>();
        int gaps = 0;
        boolean followed = false;
        for (int i = 300; i < 3_000; i++) {
            market.next(NOW, batch);
            String symbol = batch.symbol(i);
            if (reader.wrap(batch.record(i)) != MarketType.BOOK_UPDATE) {
                continue;
            }
            OrderBook book = rebuilt.computeIfAbsent(symbol, s -> new OrderBook());
            boolean snapshot = reader.bookUpdate().kind() == BookKind.SNAPSHOT;
            OrderBook.Outcome outcome = book.apply(reader.bookUpdate());
            if (outcome == OrderBook.Outcome.GAP) {
                gaps++;
                assertThat(snapshot).isFalse();
            } else {
                assertThat(book.sameLevels(market.book(symbol))).as("%s after event %d", symbol, i).isTrue();
                followed = true;
            }
        }
        assertThat(gaps).isPositive();
        assertThat(followed).isTrue();
        assertThat(rebuilt.values()).allSatisfy(book -> assertThat(book.synced()).isTrue());
    }
}
