package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.DataType;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What the gateway's logic needs from the outside world; implemented over Redis and PostgreSQL, faked in unit tests
 * (the test sources' {@code support.Fake*}, wired together by {@code FakeGateway}).
 */
public final class Ports {

    private Ports() {
    }

    /** Latest market values and the known symbols, written by the pipeline. */
    public interface MarketSnapshots {
        /** The symbols among {@code symbols} that the platform does not know. */
        Uni<Set<String>> unknownSymbols(Collection<String> symbols);

        /** Latest values of the symbols' streams of one type (both candle intervals for candles); missing ones are left out. */
        Uni<List<MarketUpdate>> latest(DataType type, Collection<String> symbols);
    }

    /** Closed bars kept in PostgreSQL by the stream processor's history writer. */
    public interface CandleHistory {
        /** Up to {@code limit} bars of one symbol and interval whose window starts in [{@code fromNanos}, {@code toNanos}), oldest first. */
        Uni<List<HistoryBar>> between(String symbol, int intervalSeconds, long fromNanos, long toNanos, int limit);

        /** The last {@code count} stored bars of one symbol and interval, oldest first. */
        Uni<List<HistoryBar>> last(String symbol, int intervalSeconds, int count);
    }

    /** Session state shared by all pods. */
    public interface SessionStore {
        Uni<Void> save(String sessionId, SessionState state, Duration ttl);

        /** The state, or null when the session does not exist or expired. */
        Uni<SessionState> load(String sessionId);
    }

    /** Per-user and broadcast event history, written by the event-processor. */
    public interface EventHistory {
        Uni<List<UserEventSequencer.Numbered<UserEvent>>> userEventsAfter(String userId, long seq, int max);

        Uni<List<UserEventSequencer.Numbered<UserEvent>>> broadcastsAfter(long seq, int max);
    }

    /** Live user events: the pod listens to a user's channel while it holds one of the user's connections. */
    public interface UserEventFeed {
        void attach(ClientSession session);

        void detach(ClientSession session);
    }

    /** Connection and subscription records (PostgreSQL); calls only queue, writes are batched. */
    public interface ConnectionJournal {
        void opened(ClientSession session, String remoteAddress);

        void subscribed(ClientSession session, String streamType, String parameters);

        void unsubscribed(ClientSession session, String streamType, String parameters);

        void closed(ClientSession session, int code, String reason);
    }

    /** Verifies the JWTs clients send (signature, issuer, audience, expiry). */
    public interface Tokens {
        /** What the token allows; null when it is forged, expired, of another issuer or unreadable. */
        VerifiedToken verify(String token);
    }

    /** Subscriptions a user stored through the REST API, applied on every connect. */
    public interface PersistentSubscriptions {
        /** The user's stored subscriptions merged into one state (empty lists when none). */
        Uni<SessionState> forUser(String userId);
    }
}
