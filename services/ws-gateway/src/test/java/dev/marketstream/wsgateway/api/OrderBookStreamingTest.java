package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.WsClient;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.support.BookReplica;
import dev.marketstream.wsgateway.support.BookScript;
import dev.marketstream.wsgateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves order-book streams end to end (records on market-orderbook, snapshots in Redis): a subscriber gets a snapshot
 * (the gateway's own book, else Redis's) then the updates, and rebuilding the book from them gives exactly the book the
 * records describe, for a client that keeps up and for one that stops reading and is sent snapshots instead.
 */
@QuarkusTest
class OrderBookStreamingTest extends GatewayTestBase {

    @Inject
    GatewayStats stats;

    /** Takes the client's frames until its book reaches the sequence; returns the frames taken. */
    static List<JsonObject> rebuildUntil(WsClient client, BookReplica replica, String symbol, long bookSeq) {
        List<JsonObject> frames = new ArrayList<>();
        client.await(f -> {
            if (!(symbol + ":orderbook").equals(f.getString("stream"))) {
                return false;
            }
            frames.add(f);
            replica.accept(f);
            return replica.synced() && replica.bookSeq() == bookSeq;
        }, Duration.ofSeconds(60));
        return frames;
    }

    void produce(BookScript script, int deltas) {
        for (int i = 0; i < deltas; i++) {
            fixtures.produceBook(script.symbol(), script.delta());
        }
        fixtures.flush();
    }

    @Test
    void subscribersGetASnapshotThenUpdatesAndRebuildExactlyTheRecordedBook() {
        String symbol = fixtures.knownSymbol();
        BookScript script = new BookScript(symbol, 1);
        byte[] first = script.snapshot();
        fixtures.storeSnapshot("orderbook", symbol, first);

        WsClient early = connect(LocalJwt.trader(Fixtures.uniqueUser("book")));
        early.send(subscribe("orderbook", symbol));
        early.awaitEvent("subscribed");
        BookReplica earlyBook = new BookReplica();
        List<JsonObject> earlyFrames = rebuildUntil(early, earlyBook, symbol, 1);
        assertThat(earlyFrames.get(0).getBoolean("snapshot")).as("the gateway has no book yet: Redis's").isTrue();

        fixtures.produceBook(symbol, first);
        produce(script, 20);
        rebuildUntil(early, earlyBook, symbol, script.seq());
        assertThat(earlyBook.book()).isEqualTo(script.book());

        WsClient late = connect(LocalJwt.trader(Fixtures.uniqueUser("book")));
        late.send(subscribe("orderbook", symbol));
        late.awaitEvent("subscribed");
        BookReplica lateBook = new BookReplica();
        JsonObject snapshot = rebuildUntil(late, lateBook, symbol, script.seq()).get(0);
        assertThat(snapshot.getBoolean("snapshot")).isTrue();
        assertThat(snapshot.getJsonObject("data").getString("type")).isEqualTo("snapshot");
        assertThat(snapshot.getJsonObject("data").getLong("book_seq")).as("the gateway's own book; Redis still has 1").isEqualTo(21);
        assertThat(lateBook.book()).isEqualTo(script.book());

        produce(script, 30);
        fixtures.produceBook(symbol, script.snapshot());
        produce(script, 30);
        for (WsClient client : List.of(early, late)) {
            BookReplica replica = client == early ? earlyBook : lateBook;
            rebuildUntil(client, replica, symbol, script.seq());
            assertThat(replica.book()).isEqualTo(script.book());
            assertThat(replica.gaps).isZero();
            assertThat(replica.seqRegressions).isZero();
        }
        assertThat(earlyBook.updates).as("every delta, one by one").isEqualTo(80);
    }

    @Test
    void aSlowReaderOfABookIsSentSnapshotsAndEndsWithTheExactBook() {
        String symbol = fixtures.knownSymbol();
        BookScript script = new BookScript(symbol, 2);
        byte[] first = script.snapshot();
        fixtures.storeSnapshot("orderbook", symbol, first);
        fixtures.produceBook(symbol, first);
        fixtures.flush();
        WsClient fast = connect(LocalJwt.trader(Fixtures.uniqueUser("fastbook")));
        WsClient slow = connect(LocalJwt.trader(Fixtures.uniqueUser("slowbook")), new WsClient.Options(false, 4096));
        BookReplica fastBook = new BookReplica();
        BookReplica slowBook = new BookReplica();
        for (WsClient client : List.of(fast, slow)) {
            client.send(subscribe("orderbook", symbol));
            client.awaitEvent("subscribed");
            rebuildUntil(client, client == fast ? fastBook : slowBook, symbol, 1);
        }
        long conflatedBefore = stats.conflated.sum();
        slow.pause();
        // Bursts the fast reader takes in even on a busy machine (below the outbox's in-flight limit).
        for (int burst = 0; burst < 6; burst++) {
            produce(script, 500);
            rebuildUntil(fast, fastBook, symbol, script.seq());
        }
        assertThat(fastBook.updates).isEqualTo(3_000);
        assertThat(fastBook.book()).isEqualTo(script.book());
        assertThat(stats.conflated.sum()).isGreaterThan(conflatedBefore);

        slow.resume();
        List<JsonObject> slowFrames = rebuildUntil(slow, slowBook, symbol, script.seq());
        assertThat(slowBook.book()).isEqualTo(script.book());
        assertThat(slowBook.gaps).as("no delta was dropped").isZero();
        assertThat(slowBook.snapshots).as("books rendered in place of merged deltas").isGreaterThan(1);
        assertThat(slowFrames.size()).isLessThan(3_000);
        assertThat(slowBook.seqRegressions).isZero();
        assertThat(slow.isClosed()).isFalse();
    }
}
