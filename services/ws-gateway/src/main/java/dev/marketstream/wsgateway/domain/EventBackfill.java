package dev.marketstream.wsgateway.domain;

import static dev.marketstream.wsgateway.domain.GatewayService.onLane;

import io.smallrye.mutiny.Uni;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fetches the user events or broadcasts a connection missed from the history the event-processor keeps (at most
 * {@code maxReplay} of the newest, in one read) and hands them to the connection's sequencer on its lane: for a
 * resume, and whenever the sequencer sees a {@code seq} gap or the Pub/Sub subscription was re-established. A failed
 * read is logged and counted; the sequencer then goes on with the live events it holds.
 */
public final class EventBackfill {

    private static final Logger LOG = Logger.getLogger(EventBackfill.class);

    private final Ports.EventHistory history;
    private final int maxReplay;
    private final GatewayStats stats;

    public EventBackfill(Ports.EventHistory history, int maxReplay, GatewayStats stats) {
        this.history = history;
        this.maxReplay = maxReplay;
        this.stats = stats;
    }

    /** Fetches the session's user events after {@code seq} into its user-event sequencer. */
    public void userEvents(ClientSession session, long seq) {
        fill(session, session.userEvents(), history.userEventsAfter(session.userId(), seq, maxReplay), "user events");
    }

    /** Fetches the broadcasts after {@code seq} into the session's broadcast sequencer. */
    public void broadcasts(ClientSession session, long seq) {
        fill(session, session.broadcasts(), history.broadcastsAfter(seq, maxReplay), "broadcasts");
    }

    private void fill(ClientSession session, UserEventSequencer<UserEvent> sequencer, Uni<List<UserEventSequencer.Numbered<UserEvent>>> read,
            String what) {
        stats.eventBackfills.increment();
        onLane(session, read, sequencer::endReplay, failure -> {
            stats.errors.increment();
            LOG.warnf("cannot read the missed %s of connection %s (user %s) from the history: %s", what, session.connectionId(),
                    session.userId(), failure.getMessage());
            sequencer.endReplay(List.of());
        });
    }
}
