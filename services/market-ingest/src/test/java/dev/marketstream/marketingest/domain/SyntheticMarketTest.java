package dev.marketstream.marketingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.MarketJson;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.ReferenceDataDecoder;
import dev.marketstream.events.sbe.Side;
import dev.marketstream.events.sbe.TradeDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Proves the synthetic exchange lists S&P 500 names, follows from its seed, and sends valid books with their snapshots on cadence. */
class SyntheticMarketTest {

    private static final long NOW = 1_764_590_400_000_000_000L; // 2025-12-01T12:00:00Z
    private static final Set<String> GICS_SECTORS = Set.of("Communication Services", "Consumer Discretionary",
            "Consumer Staples", "Energy", "Financials", "Health Care", "Industrials", "Information Technology",
            "Materials", "Real Estate", "Utilities");

    private final MarketRecord reader = new MarketRecord();
    private final MarketJson json = new MarketJson();

    static SyntheticMarket market(int symbols, long seed, int snapshotEvery, double tradeRatio) {
        return new SyntheticMarket(new SyntheticMarket.Settings(symbols, seed, "", 10, snapshotEvery, tradeRatio), "test-feed");
    }

    static MarketBatch events(SyntheticMarket market, int count) {
        MarketBatch batch = new MarketBatch(TraceIds.NONE, count);
        for (int i = 0; i < count; i++) {
            market.next(NOW, batch);
        }
        return batch;
    }

    @Test
    void sameSeedGivesSameEvents() {
        MarketBatch first = events(market(50, 7, 100, 0.5), 5_000);
        MarketBatch second = events(market(50, 7, 100, 0.5), 5_000);

        for (int i = 0; i < first.size(); i++) {
            assertThat(second.symbol(i)).isEqualTo(first.symbol(i));
            assertThat(data(second.record(i))).as("event %d", i).isEqualTo(data(first.record(i)));
        }
    }

    @Test
    void otherSeedGivesOtherMarket() {
        assertThat(market(50, 7, 100, 0.5).listings()).isNotEqualTo(market(50, 8, 100, 0.5).listings());
        assertThat(data(events(market(50, 7, 100, 0.5), 200).record(150)))
                .isNotEqualTo(data(events(market(50, 8, 100, 0.5), 200).record(150)));
    }

    @Test
    void listsRealSp500NamesWithTheirGicsSectors() {
        List<SymbolUniverse.Name> constituents = SymbolUniverse.constituents();

        assertThat(constituents).hasSizeGreaterThanOrEqualTo(100)
                .extracting(SymbolUniverse.Name::symbol).doesNotHaveDuplicates()
                .contains("AAPL", "GOOGL", "MSFT", "AMZN", "NVDA", "META", "TSLA", "JPM", "BRK.B");
        assertThat(constituents).extracting(SymbolUniverse.Name::sector).allSatisfy(s -> assertThat(GICS_SECTORS).contains(s));
        assertThat(constituents).filteredOn(l -> l.symbol().equals("JPM")).singleElement()
                .satisfies(l -> assertThat(l.sector()).isEqualTo("Financials"));
        assertThat(market(8, 1, 100, 0.5).listings()).extracting(SyntheticMarket.Listing::symbol)
                .containsExactlyInAnyOrder("AAPL", "GOOGL", "MSFT", "AMZN", "NVDA", "META", "TSLA", "JPM");
    }

    @Test
    void derivesFurtherUniqueValidNamesBehindThePrefixWhenMoreAreWanted() {
        int count = 3 * SymbolUniverse.constituents().size() + 7;
        List<SyntheticMarket.Listing> listings = new SyntheticMarket(
                new SyntheticMarket.Settings(count, 42, "T1-", 10, 100, 0.5), "test-feed").listings();

        assertThat(listings).hasSize(count).extracting(SyntheticMarket.Listing::symbol).doesNotHaveDuplicates()
                .allSatisfy(symbol -> assertThat(symbol).startsWith("T1-").isEqualTo(Check.marketSymbol(symbol, "symbol")))
                .contains("T1-AAPL", "T1-AAPL-2", "T1-JPM-3", "T1-AAPL-4");
        assertThat(listings).filteredOn(l -> l.symbol().equals("T1-JPM-2")).singleElement()
                .satisfies(l -> assertThat(l.sector()).isEqualTo("Financials"));
        assertThat(SymbolUniverse.first(count, "T1-")).isEqualTo(SymbolUniverse.first(count, "T1-"));
    }

    @Test
    void refusesPrefixThatMakesInvalidSymbols() {
        assertThatThrownBy(() -> SymbolUniverse.first(5, "A-VERY-LONG-PREFIX-")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A-VERY-LONG-PREFIX-");
        assertThatThrownBy(() -> SymbolUniverse.first(5, "lower-")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSettingsOutOfRange() {
        assertThatThrownBy(() -> market(0, 1, 100, 0.5)).hasMessageContaining("between 1 and 100000");
        assertThatThrownBy(() -> market(5, 1, 0, 0.5)).hasMessageContaining("snapshot-every");
        assertThatThrownBy(() -> market(5, 1, 100, 1.5)).hasMessageContaining("trade-ratio");
        assertThatThrownBy(() -> new SyntheticMarket.Settings(5, 1, "", 51, 100, 0.5)).hasMessageContaining("book levels");
    }

    @Test
    void booksStayValidAndAroundTheLastPrice() {
        SyntheticMarket market = market(5, 3, 100, 0.5); // 20,000 trades a symbol: prices move a few per cent
        MarketBatch batch = new MarketBatch(TraceIds.NONE, 1);
        for (int i = 0; i < 200_000; i++) {
            market.next(NOW, batch);
            String symbol = batch.symbol(batch.size() - 1);
            OrderBook book = market.book(symbol);
            assertValid(book, 10, symbol + " after event " + i);
            long last = market.lastPrice(symbol);
            assertThat(book.bidPrice(0)).as("best bid of %s after event %d", symbol, i).isBetween(last * 98 / 100, last * 102 / 100);
            assertThat(book.askPrice(0)).as("best ask of %s after event %d", symbol, i).isBetween(last * 98 / 100, last * 102 / 100);
        }
    }

    @Test
    void snapshotsListValidBooksBestFirst() {
        MarketBatch batch = events(market(10, 5, 25, 0.3), 20_000);
        int snapshots = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (reader.wrap(batch.record(i)) != MarketType.BOOK_UPDATE || reader.bookUpdate().kind() != BookKind.SNAPSHOT) {
                continue;
            }
            List<Long> bids = new ArrayList<>();
            List<Long> asks = new ArrayList<>();
            for (BookUpdateDecoder.LevelsDecoder level : reader.bookUpdate().levels()) {
                assertThat(level.size()).as("size in snapshot %d", i).isPositive();
                (level.side() == Side.BID ? bids : asks).add(level.price());
            }
            assertThat(bids).as("bids of snapshot %d", i).hasSizeBetween(1, 10).isSortedAccordingTo((a, b) -> Long.compare(b, a))
                    .doesNotHaveDuplicates();
            assertThat(asks).as("asks of snapshot %d", i).hasSizeBetween(1, 10).isSorted().doesNotHaveDuplicates();
            assertThat(bids.get(0)).as("best bid of snapshot %d", i).isLessThan(asks.get(0));
            snapshots++;
        }
        assertThat(snapshots).isGreaterThan(10 + 100);
    }

    @Test
    void startsEachSymbolWithSnapshotAndSendsAnotherEverySnapshotEveryUpdates() {
        MarketBatch batch = events(market(7, 11, 10, 0.5), 10_000);
        Map<String, Long> lastSeq = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            String symbol = batch.symbol(i);
            MarketType type = reader.wrap(batch.record(i));
            if (seen.add(symbol)) {
                assertThat(type).as("first event of %s", symbol).isEqualTo(MarketType.BOOK_UPDATE);
            }
            if (type == MarketType.BOOK_UPDATE) {
                BookUpdateDecoder update = reader.bookUpdate();
                long seq = update.bookSeq();
                assertThat(seq).as("book sequence of %s", symbol).isEqualTo(lastSeq.getOrDefault(symbol, 0L) + 1);
                assertThat(update.kind()).as("%s update %d", symbol, seq)
                        .isEqualTo((seq - 1) % 10 == 0 ? BookKind.SNAPSHOT : BookKind.DELTA);
                lastSeq.put(symbol, seq);
            }
        }
        assertThat(lastSeq).hasSize(7).allSatisfy((symbol, seq) -> assertThat(seq).isGreaterThan(100));
    }

    @Test
    void deltasChangeOneToThreeLevelsOfOneSideAddingAndRemovingLevels() {
        MarketBatch batch = events(market(10, 13, 100, 0.0), 20_000);
        int removed = 0;
        int deltas = 0;
        for (int i = 0; i < batch.size(); i++) {
            reader.wrap(batch.record(i));
            BookUpdateDecoder update = reader.bookUpdate();
            if (update.kind() == BookKind.DELTA) {
                deltas++;
                Set<Side> sides = new HashSet<>();
                Set<Long> prices = new HashSet<>();
                BookUpdateDecoder.LevelsDecoder levels = update.levels();
                assertThat(levels.count()).isBetween(1, 3);
                for (BookUpdateDecoder.LevelsDecoder level : levels) {
                    sides.add(level.side());
                    assertThat(prices.add(level.price())).as("levels of delta %d are distinct", i).isTrue();
                    assertThat(level.price() % (Decimals.ONE / 100)).as("price on the cent grid").isZero();
                    removed += level.size() == 0 ? 1 : 0;
                }
                assertThat(sides).hasSize(1);
            }
        }
        assertThat(deltas).isGreaterThan(19_000);
        assertThat(removed).isGreaterThan(deltas / 10);
    }

    @Test
    void tradeRatioIsTheShareOfTrades() {
        assertThat(tradeShare(market(10, 17, 100, 0.8))).isBetween(0.77, 0.83);
        assertThat(tradeShare(market(10, 17, 100, 0.0))).isZero();
        assertThat(tradeShare(market(10, 17, 100, 1.0))).isEqualTo(1.0);
    }

    @Test
    void tradesWalkOnTheCentGridWithoutLeavingTheirNeighbourhood() {
        SyntheticMarket market = market(1, 3, 100, 1.0);
        long start = market.listings().get(0).previousClose();
        MarketBatch batch = events(market, 2_000);
        List<Long> prices = new ArrayList<>();
        for (int i = 1; i < batch.size(); i++) {
            reader.wrap(batch.record(i));
            TradeDecoder trade = reader.trade();
            assertThat(trade.size()).isPositive();
            assertThat(trade.exchangeTime()).isEqualTo(NOW);
            prices.add(trade.price());
        }
        assertThat(prices).allSatisfy(p -> assertThat(p % (Decimals.ONE / 100)).isZero())
                .allSatisfy(p -> assertThat(p).isBetween(start * 8 / 10, start * 125 / 100));
        assertThat(prices.stream().distinct().count()).isGreaterThan(20);
    }

    @Test
    void writesReferenceDataOfEverySymbol() {
        SyntheticMarket market = market(30, 9, 100, 0.5);
        MarketBatch batch = new MarketBatch(TraceIds.NONE, 30);
        market.referenceData(NOW, batch);

        assertThat(batch.size()).isEqualTo(30);
        for (int i = 0; i < batch.size(); i++) {
            SyntheticMarket.Listing listing = market.listings().get(i);
            assertThat(reader.wrap(batch.record(i))).isEqualTo(MarketType.REFERENCE_DATA);
            ReferenceDataDecoder reference = reader.referenceData();
            assertThat(reference.previousClose()).isEqualTo(listing.previousClose()).isPositive();
            assertThat(reference.marketCap()).isEqualTo(listing.marketCap()).isPositive();
            assertThat(reference.symbol()).isEqualTo(listing.symbol()).isEqualTo(batch.symbol(i));
            assertThat(reference.sector()).isEqualTo(listing.sector());
            assertThat(reference.source()).isEqualTo("test-feed");
        }
    }

    private double tradeShare(SyntheticMarket market) {
        MarketBatch batch = events(market, 20_010);
        int trades = 0;
        for (int i = 10; i < batch.size(); i++) { // the first event of each symbol is its snapshot
            trades += reader.wrap(batch.record(i)) == MarketType.TRADE ? 1 : 0;
        }
        return trades / 20_000.0;
    }

    private String data(byte[] record) {
        reader.wrap(record);
        return json.data(reader);
    }

    /** 1 to {@code depth} levels a side, the best bid above 0 and below the best ask (the book keeps each side sorted). */
    static void assertValid(OrderBook book, int depth, String what) {
        assertThat(book.bidCount()).as("bids of %s", what).isBetween(1, depth);
        assertThat(book.askCount()).as("asks of %s", what).isBetween(1, depth);
        assertThat(book.bidPrice(0)).as("best bid of %s", what).isLessThan(book.askPrice(0)).isPositive();
    }
}
