package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.domain.FanOutTest.Recorder;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.support.FakeLane;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Proves the index keeps each subscriber once per stream and lane and removes a stream with its last subscriber. */
class SubscriptionIndexTest {

    final Lane laneA = new FakeLane();
    final Lane laneB = new FakeLane();
    final SubscriptionIndex index = new SubscriptionIndex();
    final StreamKey aapl = new StreamKey("AAPL", DataType.PRICE);

    @Test
    void groupsSubscribersByLaneAndKeepsEachOnce() {
        Recorder first = new Recorder(laneA, new ArrayList<>());
        Recorder second = new Recorder(laneA, new ArrayList<>());
        Recorder elsewhere = new Recorder(laneB, new ArrayList<>());

        index.add(aapl, first);
        index.add(aapl, second);
        index.add(aapl, first);
        index.add(aapl, elsewhere);

        assertThat(index.subscribers(aapl).get(laneA)).containsExactlyInAnyOrder(first, second);
        assertThat(index.subscribers(aapl).get(laneB)).containsExactly(elsewhere);
    }

    @Test
    void removesTheStreamWithItsLastSubscriber() {
        Recorder first = new Recorder(laneA, new ArrayList<>());
        Recorder second = new Recorder(laneA, new ArrayList<>());
        index.add(aapl, first);
        index.add(aapl, second);

        index.remove(aapl, first);
        assertThat(index.subscribers(aapl).get(laneA)).containsExactly(second);
        index.remove(aapl, first);
        assertThat(index.subscribers(aapl).get(laneA)).containsExactly(second);
        index.remove(aapl, second);

        assertThat(index.subscribers(aapl)).isEmpty();
        assertThat(index.streamCount()).isZero();
    }
}
