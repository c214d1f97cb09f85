package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.testing.BinaryMarket;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Proves the gateway's book keeper follows a symbol's records (snapshot → synced, contiguous deltas applied, a gap →
 * unsynced and no snapshot to send until the next snapshot record) and renders its book as a snapshot record would be.
 */
class OrderBooksTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Instant at = Instant.parse("2026-12-01T10:00:00.123456789Z");
    final GatewayStats stats = new GatewayStats();
    final OrderBooks books = new OrderBooks(stats);
    final MarketRecord record = new MarketRecord();

    OrderBook.Outcome apply(byte[] bytes) {
        record.wrap(bytes);
        return books.apply("AAPL", record.bookUpdate());
    }

    @Test
    void aSnapshotSyncsTheBookAndContiguousDeltasChangeIt() throws Exception {
        assertThat(books.book("AAPL").synced()).isFalse();
        assertThat(books.book("AAPL").snapshot()).isNull();
        assertThat(apply(BinaryMarket.bookSnapshot("AAPL", 1, at, "B 189.40x300", "B 189.41x100", "A 189.45x50")))
                .isEqualTo(OrderBook.Outcome.REPLACED);
        assertThat(books.book("AAPL").synced()).isTrue();
        assertThat(apply(BinaryMarket.bookDelta("AAPL", 2, at.plusSeconds(1), "B 189.41x0", "B 189.39x7", "A 189.45x60")))
                .isEqualTo(OrderBook.Outcome.APPLIED);

        BookSnapshot snapshot = books.book("AAPL").snapshot();
        assertThat(snapshot.bookSeq()).isEqualTo(2);
        byte[] sameBook = BinaryMarket.bookSnapshot("AAPL", 2, at.plusSeconds(1), "B 189.40x300", "B 189.39x7", "A 189.45x60");
        assertThat(JSON.readTree(snapshot.dataJson())).isEqualTo(JSON.readTree(BinaryMarket.json(sameBook).get("data").toString()));
        assertThat(JSON.readTree(snapshot.dataJson()).get("type").asText()).isEqualTo("snapshot");
    }

    @Test
    void aGapLeavesTheBookUnsyncedUntilTheNextSnapshotRecord() throws Exception {
        apply(BinaryMarket.bookSnapshot("AAPL", 1, at, "B 100x1", "A 101x1"));
        assertThat(apply(BinaryMarket.bookDelta("AAPL", 3, at, "B 100x2"))).isEqualTo(OrderBook.Outcome.GAP);
        assertThat(books.book("AAPL").synced()).isFalse();
        assertThat(books.book("AAPL").snapshot()).as("nothing consistent to send").isNull();
        assertThat(apply(BinaryMarket.bookDelta("AAPL", 4, at, "B 100x3"))).isEqualTo(OrderBook.Outcome.GAP);
        assertThat(stats.bookGaps.sum()).as("one book lost its sync once").isEqualTo(1);

        assertThat(apply(BinaryMarket.bookSnapshot("AAPL", 5, at, "B 99x4", "A 101x2"))).isEqualTo(OrderBook.Outcome.REPLACED);
        assertThat(books.book("AAPL").synced()).isTrue();
        assertThat(JSON.readTree(books.book("AAPL").snapshot().dataJson()).toString())
                .contains("\"book_seq\":5").contains("\"bids\":[{\"price\":99,\"size\":4}]")
                .contains("\"asks\":[{\"price\":101,\"size\":2}]");
        assertThat(apply(BinaryMarket.bookDelta("AAPL", 6, at, "A 101x0"))).isEqualTo(OrderBook.Outcome.APPLIED);
    }

    @Test
    void deltasBeforeTheFirstSnapshotAndOldDeltasAreNotApplied() {
        assertThat(apply(BinaryMarket.bookDelta("AAPL", 7, at, "B 100x2"))).isEqualTo(OrderBook.Outcome.GAP);
        assertThat(books.book("AAPL").snapshot()).isNull();
        assertThat(stats.bookGaps.sum()).as("never synced, so it lost nothing").isZero();
        apply(BinaryMarket.bookSnapshot("AAPL", 8, at, "B 100x1"));
        assertThat(apply(BinaryMarket.bookDelta("AAPL", 8, at, "B 100x9"))).isEqualTo(OrderBook.Outcome.STALE);
        assertThat(books.book("AAPL").snapshot().dataJson()).contains("{\"price\":100,\"size\":1}");
    }

    @Test
    void keepsOneBookPerSymbol() {
        apply(BinaryMarket.bookSnapshot("AAPL", 1, at, "B 100x1"));
        assertThat(books.book("AAPL")).isSameAs(books.book("AAPL"));
        assertThat(books.book("MSFT").synced()).isFalse();
    }
}
