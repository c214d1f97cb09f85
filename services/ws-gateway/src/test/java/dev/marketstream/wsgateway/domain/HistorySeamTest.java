package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ErrorCode;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.wsgateway.support.FakeConnectionSink;
import dev.marketstream.wsgateway.support.FakeGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Proves subscribe with history against fakes: the stored bars come first in one {@code market_candle_history} frame,
 * then the live bars, each window once and none missing, also when the history writer is behind the live stream (the
 * read is repeated until it catches up, or for at most the wait, after which the held live bar follows the stored ones),
 * and each bad {@code history} is refused naming its field.
 */
class HistorySeamTest {

    static final long MINUTE = 60_000_000_000L;
    static final long T0 = FakeGateway.SERVER_TIME * 1_000_000L / MINUTE * MINUTE - 10 * MINUTE;

    final FakeGateway gateway = new FakeGateway();
    final FakeGateway.Connection connection = gateway.session("c1", "u1", "s1");
    final FakeConnectionSink sink = connection.sink();
    final List<ProtocolException> rejected = new ArrayList<>();
    final RequestHandler.Outcomes outcomes = new RequestHandler.Outcomes() {
        @Override
        public void reject(ClientSession session, ProtocolException problem) {
            rejected.add(problem);
        }

        @Override
        public void changed(ClientSession session, String what) {
        }
    };

    HistorySeamTest() {
        gateway.snapshots.know("AAPL");
    }

    @Test
    void sendsTheLastStoredBarsThenTheLiveOnes() {
        for (int m = 0; m < 5; m++) {
            stored(m);
        }
        gateway.snapshots.store(bar(4));
        subscribe(3);
        gateway.publish(bar(5));

        assertThat(historyStarts()).containsExactly(2L, 3L, 4L);
        assertThat(liveStarts()).containsExactly(5L);
        assertThat(sink.stream("AAPL:candles").get(0).get("event").asText()).isEqualTo("market_candle_history");
        assertThat(rejected).isEmpty();
    }

    @Test
    void readsAgainUntilTheStoredBarsReachTheLiveBarHeldMeanwhile() {
        for (int m = 0; m < 3; m++) {
            stored(m);
        }
        gateway.snapshots.store(bar(2));
        gateway.candles.hold();
        subscribe(3);
        gateway.publish(bar(3));              // live while the history is read: held
        gateway.candles.release();            // the stored bars end at 2: behind the held bar
        assertThat(historyStarts()).as("nothing sent while the history is behind").isEmpty();

        stored(3);                            // the writer catches up
        gateway.candles.answerAtOnce();
        gateway.lane.runScheduled();
        gateway.publish(bar(4));

        assertThat(historyStarts()).containsExactly(1L, 2L, 3L);
        assertThat(liveStarts()).as("bar 3 once, in the history; then live from 4").containsExactly(4L);
        assertThat(gateway.candles.reads()).isEqualTo(2);
    }

    @Test
    void afterTheWaitSendsTheStoredBarsThenTheHeldLiveBar() {
        for (int m = 0; m < 3; m++) {
            stored(m);
        }
        gateway.candles.hold();
        subscribe(5);
        gateway.publish(bar(3));
        gateway.candles.release();
        gateway.candles.answerAtOnce();
        gateway.advance(FakeGateway.HISTORY_WAIT.plus(Duration.ofMillis(1)));
        gateway.lane.runScheduled();          // still behind, but the wait is over
        gateway.publish(bar(4));

        assertThat(historyStarts()).containsExactly(0L, 1L, 2L);
        assertThat(liveStarts()).containsExactly(3L, 4L);
    }

    @Test
    void leavesStoredBarsBeyondTheLiveStreamToIt() {
        for (int m = 0; m < 4; m++) {
            stored(m);                        // the writer is ahead: bar 3 is stored, not yet live here
        }
        gateway.snapshots.store(bar(2));
        subscribe(10);
        gateway.publish(bar(3));

        assertThat(historyStarts()).containsExactly(0L, 1L, 2L);
        assertThat(liveStarts()).containsExactly(3L);
    }

    @Test
    void refusesAHistoryItCannotServeNamingTheField() {
        send("{\"symbols\":[\"AAPL\"],\"data_types\":[\"price\"],\"history\":{\"interval\":\"1m\",\"count\":5}}", "data.history");
        send("{\"symbols\":[\"AAPL\"],\"data_types\":[\"candles\"],\"history\":{\"interval\":\"2m\",\"count\":5}}", "data.history.interval");
        send("{\"symbols\":[\"AAPL\"],\"data_types\":[\"candles\"],\"history\":{\"interval\":\"1m\",\"count\":0}}", "data.history.count");
        send("{\"symbols\":[\"AAPL\"],\"data_types\":[\"candles\"],\"history\":{\"interval\":\"1m\",\"count\":1001}}", "data.history.count");
    }

    private void send(String data, String field) {
        try {
            gateway.parse("{\"event\":\"subscribe_market_data\",\"data\":" + data + "}");
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(e.field()).isEqualTo(field);
            return;
        }
        throw new AssertionError("accepted " + data);
    }

    private void subscribe(int count) {
        gateway.requests.handle(connection.session(), gateway.parse("{\"event\":\"subscribe_market_data\",\"data\":{\"symbols\":[\"AAPL\"],"
                + "\"data_types\":[\"candles\"],\"history\":{\"interval\":\"1m\",\"count\":" + count + "}}}"), outcomes);
    }

    private void stored(int minute) {
        gateway.candles.store("AAPL", 60, new HistoryBar(T0 + minute * MINUTE, data(minute)));
    }

    /** The 1 min bar of minute {@code minute} after T0 as the feed decodes it (market time: the window end). */
    private static MarketUpdate bar(int minute) {
        return new MarketUpdate(new StreamKey("AAPL", DataType.CANDLES), "1m", new UUID(1, minute), T0 + (minute + 1) * MINUTE, data(minute));
    }

    private static String data(int minute) {
        return "{\"symbol\":\"AAPL\",\"interval\":\"1m\",\"minute\":" + minute + "}";
    }

    private List<Long> historyStarts() {
        return sink.events("market_candle_history").stream()
                .flatMap(f -> StreamSupport.stream(f.at("/data/bars").spliterator(), false)).map(b -> b.get("minute").asLong()).toList();
    }

    private List<Long> liveStarts() {
        return sink.events("market_candle").stream().map(f -> f.at("/data/minute").asLong()).toList();
    }

}
