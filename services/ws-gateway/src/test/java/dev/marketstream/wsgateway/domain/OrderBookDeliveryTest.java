package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.wsgateway.messaging.MarketDecoder;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import dev.marketstream.wsgateway.support.BookReplica;
import dev.marketstream.wsgateway.support.BookScript;
import dev.marketstream.wsgateway.support.FakeEventHistory;
import dev.marketstream.wsgateway.support.FakeLane;
import dev.marketstream.wsgateway.support.SlowSink;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves, with the feed's decoding, the book keeper, the fan-out and one connection driven by hand, that a client
 * applying the order-book frames it gets always ends with the book the records describe: on subscribe, behind a socket
 * that drains slower than records arrive (deltas merged into rendered snapshots, never dropped), under max_frequency,
 * and across a gap in the feed (the client waits for the next snapshot record).
 */
class OrderBookDeliveryTest {

    final GatewayStats stats = new GatewayStats();
    final SubscriptionIndex index = new SubscriptionIndex();
    final OrderBooks books = new OrderBooks(stats);
    final FanOut fanOut = new FanOut(index, stats, Clock.systemUTC());
    final MarketDecoder decoder = new MarketDecoder();
    final AtomicLong clock = new AtomicLong(1);
    final SlowSink sink = new SlowSink();
    final FakeLane lane = new FakeLane();

    final BookScript script = new BookScript("BOOK", 42);
    final StreamKey stream = new StreamKey("BOOK", DataType.ORDERBOOK);

    /** A session whose socket takes {@code frames} frames before it must wait for the network. */
    ClientSession connect(int frames) {
        sink.holdsAtMost(frames);
        Outbox outbox = new Outbox(sink, lane, new Outbox.Limits(100, Long.MAX_VALUE), stats, clock::get);
        return new ClientSession("c", "u", "s", lane, outbox, new ServerFrames(new ObjectMapper()),
                new FrameGuard(new FrameGuard.Limits(20, 40, 50, 10_000_000_000L), 0),
                new EventBackfill(new FakeEventHistory(), 10, stats), 0);
    }

    /** What MarketFeed does with one record. */
    void feed(byte[] record) {
        MarketUpdate update = decoder.decode(record);
        books.apply(update.stream().symbol(), decoder.bookUpdate());
        fanOut.publish(List.of(update));
    }

    void subscribe(ClientSession session, Integer maxFrequency, List<MarketUpdate> stored) {
        index.add(stream, session.addMarket(stream, maxFrequency));
        session.completeBookSnapshot(stream, books.book(stream.symbol()), stored, fanOut.currentSeq(stream));
    }

    /** The network taking up to {@code n} written frames. */
    void drain(int n) {
        sink.complete(n);
    }

    void drainAll() {
        sink.completeAll();
    }

    @AfterEach
    void theConnectionStaysOpen() {
        assertThat(sink.closeCode()).as("close code").isEqualTo(-1);
    }

    BookReplica replica() {
        BookReplica replica = new BookReplica();
        sink.written().forEach(frame -> replica.accept(new JsonObject(frame)));
        return replica;
    }

    @Test
    void aClientBehindASlowSocketGetsTheCurrentBookInsteadOfDeltasAndEndsWithTheExactBook() {
        ClientSession session = connect(4);
        feed(script.snapshot());
        subscribe(session, null, List.of());
        Random network = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            feed(script.delta());
            drain(network.nextInt(2));
        }
        drainAll();

        BookReplica replica = replica();
        assertThat(replica.gaps).as("no delta was dropped").isZero();
        assertThat(replica.bookSeq()).isEqualTo(script.seq());
        assertThat(replica.book()).isEqualTo(script.book());
        assertThat(replica.snapshots).as("the subscribe snapshot and books rendered in place of merged deltas").isGreaterThan(1);
        assertThat(replica.frames).isLessThan(2_001);
        assertThat(replica.seqRegressions).isZero();
        assertThat(stats.conflated.sum()).isPositive();
    }

    @Test
    void maxFrequencySendsTheCurrentBookInPlaceOfTheDeltasItHeld() {
        ClientSession session = connect(100);
        feed(script.snapshot());
        subscribe(session, 10, List.of());
        for (int i = 0; i < 50; i++) {
            feed(script.delta());
            drainAll();
        }
        assertThat(replica().frames).as("the snapshot and the first delta; the rest is held").isEqualTo(2);
        clock.addAndGet(100_000_000L);
        lane.runNextScheduled();
        drainAll();

        BookReplica replica = replica();
        assertThat(replica.frames).isEqualTo(3);
        assertThat(replica.snapshots).isEqualTo(2);
        assertThat(replica.book()).isEqualTo(script.book());
        assertThat(replica.bookSeq()).isEqualTo(script.seq());
    }

    @Test
    void aGapInTheFeedLeavesTheClientWaitingUntilTheNextSnapshotRecord() {
        ClientSession session = connect(100);
        feed(script.snapshot());
        subscribe(session, null, List.of());
        for (int i = 0; i < 10; i++) {
            feed(script.delta());
        }
        script.lose();
        for (int i = 0; i < 10; i++) {
            feed(script.delta());
        }
        drainAll();
        BookReplica replica = replica();
        assertThat(replica.gaps).isEqualTo(1);
        assertThat(replica.synced()).isFalse();
        assertThat(books.book(stream.symbol()).synced()).isFalse();
        assertThat(stats.bookGaps.sum()).isEqualTo(1);

        feed(script.snapshot());
        drainAll();
        replica = replica();
        assertThat(replica.synced()).isTrue();
        assertThat(replica.book()).isEqualTo(script.book());
        assertThat(books.book(stream.symbol()).synced()).isTrue();
    }

    @Test
    void theSubscribeSnapshotIsTheGatewaysBookAndTheStoredOneOnlyWithoutIt() {
        byte[] first = script.snapshot();
        List<MarketUpdate> stored = List.of(decoder.decode(first));
        ClientSession early = connect(100);
        subscribe(early, null, stored);
        JsonObject fromStore = new JsonObject(sink.written().get(0));
        assertThat(fromStore.getBoolean("snapshot")).isTrue();
        assertThat(fromStore.getJsonObject("data").getLong("book_seq")).isEqualTo(1);

        feed(first);
        for (int i = 0; i < 5; i++) {
            feed(script.delta());
        }
        drainAll();
        sink.written().clear();
        ClientSession late = connect(100);
        subscribe(late, null, stored);
        drainAll();
        JsonObject own = new JsonObject(sink.written().get(0));
        assertThat(own.getBoolean("snapshot")).isTrue();
        assertThat(own.getJsonObject("data").getString("type")).isEqualTo("snapshot");
        assertThat(own.getJsonObject("data").getLong("book_seq")).as("the gateway's book, not the stored one").isEqualTo(6);
        assertThat(own.getLong("seq")).isEqualTo(fanOut.currentSeq(stream));
        BookReplica replica = replica();
        assertThat(replica.book()).isEqualTo(script.book());
    }
}
