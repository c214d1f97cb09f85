package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.domain.UserEventSequencer.Numbered;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves a resume's replay, gap back-fills and concurrent live events come out once each, in seq order. */
class UserEventSequencerTest {

    final List<Long> delivered = new ArrayList<>();
    /** The {@code seq}s after which the sequencer asked for the history. */
    final List<Long> fetchedAfter = new ArrayList<>();
    final UserEventSequencer<String> sequencer = new UserEventSequencer<>(e -> delivered.add(e.seq()), fetchedAfter::add);

    @Test
    void mergesReplayAndLiveEventsWithoutDuplicates() {
        sequencer.beginReplay(2);
        sequencer.live(5, "e5");
        sequencer.live(6, "e6");
        sequencer.endReplay(List.of(new Numbered<>(3L, "e3"), new Numbered<>(4L, "e4"), new Numbered<>(5L, "e5")));
        sequencer.live(6, "e6 again");
        sequencer.live(7, "e7");
        assertThat(delivered).containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void skipsEventsTheClientAlreadyHas() {
        sequencer.beginReplay(10);
        sequencer.endReplay(List.of(new Numbered<>(9L, "old"), new Numbered<>(11L, "new")));
        assertThat(delivered).containsExactly(11L);
    }

    @Test
    void replaysEventsThatArrivedBeforeTheResumeButWereNotSent() {
        List<Long> sent = new ArrayList<>();
        boolean[] subscribed = {false};
        UserEventSequencer<String> fresh = new UserEventSequencer<>(e -> subscribed[0] && sent.add(e.seq()), fetchedAfter::add);
        // a new connection hears the user's live events before its resume restores the subscriptions
        fresh.live(8, "e8");
        fresh.live(9, "e9");
        subscribed[0] = true;
        fresh.beginReplay(5);
        fresh.live(10, "e10");
        fresh.endReplay(List.of(new Numbered<>(6L, "e6"), new Numbered<>(7L, "e7"), new Numbered<>(8L, "e8"), new Numbered<>(9L, "e9")));
        assertThat(sent).containsExactly(6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void backFillsASkippedSeqFromTheHistoryBeforeLaterEvents() {
        sequencer.live(1, "e1");
        sequencer.live(3, "e3");
        sequencer.live(4, "e4");
        assertThat(delivered).containsExactly(1L);
        assertThat(fetchedAfter).containsExactly(1L);
        sequencer.endReplay(List.of(new Numbered<>(2L, "e2"), new Numbered<>(3L, "e3")));
        sequencer.live(5, "e5");
        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(fetchedAfter).containsExactly(1L);
    }

    @Test
    void goesOnOnceWhenTheHistoryNoLongerHoldsTheGap() {
        sequencer.live(1, "e1");
        sequencer.live(4, "e4");
        sequencer.endReplay(List.of());
        sequencer.live(5, "e5");
        assertThat(delivered).containsExactly(1L, 4L, 5L);
        assertThat(fetchedAfter).containsExactly(1L);
    }

    @Test
    void aFilteredEventIsNoGap() {
        List<Long> sent = new ArrayList<>();
        UserEventSequencer<String> alertsOnly = new UserEventSequencer<>(e -> e.event().startsWith("alert") && sent.add(e.seq()),
                fetchedAfter::add);
        alertsOnly.live(1, "alert 1");
        alertsOnly.live(2, "portfolio 2");
        alertsOnly.live(3, "alert 3");
        assertThat(sent).containsExactly(1L, 3L);
        assertThat(fetchedAfter).isEmpty();
    }

    @Test
    void catchesUpAfterTheHighestSeqSeenAndHoldsLiveEventsMeanwhile() {
        sequencer.catchUp();
        assertThat(fetchedAfter).as("nothing seen yet: nothing to catch up on").isEmpty();
        sequencer.live(7, "e7");
        sequencer.catchUp();
        sequencer.live(10, "e10");
        sequencer.endReplay(List.of(new Numbered<>(8L, "e8"), new Numbered<>(9L, "e9")));
        assertThat(delivered).containsExactly(7L, 8L, 9L, 10L);
        assertThat(fetchedAfter).containsExactly(7L);
    }

    @Test
    void releasesHeldEventsOnlyWhenTheLastOfOverlappingFetchesEnds() {
        sequencer.live(1, "e1");
        sequencer.live(3, "e3");
        sequencer.beginReplay(0);
        sequencer.endReplay(List.of(new Numbered<>(2L, "e2")));
        assertThat(delivered).containsExactly(1L);
        sequencer.endReplay(List.of(new Numbered<>(1L, "e1"), new Numbered<>(2L, "e2")));
        assertThat(delivered).containsExactly(1L, 2L, 3L);
    }
}
