package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.domain.UserEventSequencer.Numbered;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves a resume's replay and concurrent live events come out once each, in seq order. */
class UserEventSequencerTest {

    final List<Long> delivered = new ArrayList<>();
    final UserEventSequencer<String> sequencer = new UserEventSequencer<>(e -> delivered.add(e.seq()));

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
}
