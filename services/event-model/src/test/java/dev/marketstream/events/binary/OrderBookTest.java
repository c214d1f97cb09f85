package dev.marketstream.events.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.Side;
import org.junit.jupiter.api.Test;

/** Proves a book follows snapshots and contiguous deltas, keeps both sides sorted, and waits for a snapshot after a gap. */
class OrderBookTest {

    final MarketWriter writer = new MarketWriter();
    final MarketRecord record = new MarketRecord();
    final OrderBook book = new OrderBook();

    @Test
    void snapshotReplacesAndDeltasSetAndRemoveLevelsInPriceOrder() {
        assertThat(apply(1, BookKind.SNAPSHOT, Side.BID, 100, 5, Side.BID, 101, 7, Side.ASK, 103, 2, Side.ASK, 102, 1))
                .isEqualTo(OrderBook.Outcome.REPLACED);
        assertThat(book.bidPrice(0)).isEqualTo(101);
        assertThat(book.askPrice(0)).isEqualTo(102);

        assertThat(apply(2, BookKind.DELTA, Side.BID, 101, 0, Side.BID, 99, 4, Side.ASK, 102, 9)).isEqualTo(OrderBook.Outcome.APPLIED);
        assertThat(book.toString()).isEqualTo("OrderBook{seq=2, synced=true, bids=[0.000001x0.00000005, 0.00000099x0.00000004], "
                + "asks=[0.00000102x0.00000009, 0.00000103x0.00000002]}");
        assertThat(book.bidCount()).isEqualTo(2);
        assertThat(book.bidPrice(0)).isEqualTo(100);
        assertThat(book.bidPrice(1)).isEqualTo(99);
        assertThat(book.askSize(0)).isEqualTo(9);
    }

    @Test
    void aSkippedSequenceLeavesTheBookUnsyncedUntilTheNextSnapshot() {
        apply(1, BookKind.SNAPSHOT, Side.BID, 100, 5);
        assertThat(apply(3, BookKind.DELTA, Side.BID, 100, 6)).isEqualTo(OrderBook.Outcome.GAP);
        assertThat(book.synced()).isFalse();
        assertThat(apply(4, BookKind.DELTA, Side.BID, 100, 7)).isEqualTo(OrderBook.Outcome.GAP);
        assertThat(book.bidSize(0)).isEqualTo(5);
        assertThat(apply(9, BookKind.SNAPSHOT, Side.BID, 98, 1)).isEqualTo(OrderBook.Outcome.REPLACED);
        assertThat(apply(10, BookKind.DELTA, Side.ASK, 99, 1)).isEqualTo(OrderBook.Outcome.APPLIED);
        assertThat(book.seq()).isEqualTo(10);
    }

    @Test
    void aRepeatedDeltaIsStaleAndChangesNothing() {
        apply(1, BookKind.SNAPSHOT, Side.BID, 100, 5);
        apply(2, BookKind.DELTA, Side.BID, 100, 6);
        assertThat(apply(2, BookKind.DELTA, Side.BID, 100, 60)).isEqualTo(OrderBook.Outcome.STALE);
        assertThat(book.bidSize(0)).isEqualTo(6);
    }

    @Test
    void refusesANonPositivePriceAndANegativeSizeNamingTheLevel() {
        apply(1, BookKind.SNAPSHOT, Side.BID, 100, 5);
        assertThatThrownBy(() -> apply(2, BookKind.DELTA, Side.ASK, 101, 1, Side.BID, 0, 5))
                .isInstanceOfSatisfying(EventValidationException.class, e -> assertThat(e.field()).isEqualTo("levels[1].price"));
        assertThat(book.synced()).isFalse();
        assertThatThrownBy(() -> apply(3, BookKind.SNAPSHOT, Side.BID, 100, -1))
                .isInstanceOfSatisfying(EventValidationException.class, e -> assertThat(e.field()).isEqualTo("levels[0].size"));
    }

    @Test
    void aSnapshotWrittenFromTheBookRebuildsTheSameBook() {
        apply(1, BookKind.SNAPSHOT, Side.BID, 100, 5, Side.BID, 99, 3, Side.ASK, 102, 1);
        BookUpdateEncoder encoder = writer.bookUpdate().bookSeq(book.seq()).exchangeTime(0).kind(BookKind.SNAPSHOT);
        book.writeLevels(encoder);
        encoder.symbol("AAPL").source("test");
        writer.envelope(EventIds.next(), 0, TraceIds.NONE);
        record.wrap(writer.toBytes());
        OrderBook copy = new OrderBook();
        assertThat(copy.apply(record.bookUpdate())).isEqualTo(OrderBook.Outcome.REPLACED);
        assertThat(copy.sameLevels(book)).isTrue();
        assertThat(copy.seq()).isEqualTo(1);
    }

    /** Applies an update of levels given as (side, price, size) triples. */
    private OrderBook.Outcome apply(long seq, BookKind kind, Object... levels) {
        BookUpdateEncoder encoder = writer.bookUpdate().bookSeq(seq).exchangeTime(0).kind(kind);
        BookUpdateEncoder.LevelsEncoder group = encoder.levelsCount(levels.length / 3);
        for (int i = 0; i < levels.length; i += 3) {
            group.next().side((Side) levels[i]).price(((Number) levels[i + 1]).longValue()).size(((Number) levels[i + 2]).longValue());
        }
        encoder.symbol("AAPL").source("test");
        writer.envelope(EventIds.next(), 0, TraceIds.NONE);
        record.wrap(writer.toBytes());
        return book.apply(record.bookUpdate());
    }
}
