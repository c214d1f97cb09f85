package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ClientFrame;
import dev.marketstream.wsgateway.protocol.ClientRequest;
import dev.marketstream.wsgateway.protocol.ClientFrameParser;
import dev.marketstream.wsgateway.protocol.ControlData;
import dev.marketstream.wsgateway.protocol.ErrorCode;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The gateway's connection lifecycle: open, frames in, close, idle sweep, shutdown. Requests are
 * handled by {@link RequestHandler}; this class keeps the registry of local sessions and the
 * cross-cutting rules (rate limits, abuse, idle timeout, session persistence). A session state the store does not
 * take is logged and counted ({@link GatewayStats#sessionSaveFailures}): that session may not resume as it was.
 */
public final class GatewayService {

    private static final Logger LOG = Logger.getLogger(GatewayService.class);

    /** Close code for a client that kept sending bad or excess frames. */
    public static final int POLICY_VIOLATION = 1008;
    /** Close code for a connection from which nothing arrived for the idle timeout. */
    public static final int GOING_AWAY = 1001;
    /** Close code telling clients to reconnect (to another pod) and resume. */
    public static final int SERVICE_RESTART = 1012;
    /** Close code for a frame over the WebSocket layer's size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Close code for a connection whose token expired without a {@code refresh}: reconnect with a new token. */
    public static final int TOKEN_EXPIRED = 4003;
    /** Close code for a connection over its user's per-pod limit that got past the handshake check: retry later. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** Unanswered keep-alive pings a silent connection is given before its idle close. */
    static final int PINGS_BEFORE_IDLE_CLOSE = 2;

    private final GatewaySettings settings;
    private final ClientFrameParser parser;
    private final ServerFrames frames;
    private final GatewayStats stats;
    private final LongSupplier nanoClock;
    private final Ports.SessionStore sessions;
    private final Ports.UserEventFeed userFeed;
    private final Ports.ConnectionJournal journal;
    private final Ports.PersistentSubscriptions persistent;
    private final RequestHandler requests;
    private final EventBackfill backfill;
    private final Ports.Tokens tokens;
    private final TokenLifetimes lifetimes;
    private final Map<String, ClientSession> open = new ConcurrentHashMap<>();
    /** Open connections per user, for the per-user limit checked at the handshake. */
    private final Map<String, Integer> openPerUser = new ConcurrentHashMap<>();
    private final Map<String, Outbox.Sink> sinks = new ConcurrentHashMap<>();
    private final RequestHandler.Outcomes outcomes = new RequestHandler.Outcomes() {
        @Override
        public void reject(ClientSession session, ProtocolException problem) {
            GatewayService.this.reject(session, problem, nanoClock.getAsLong());
        }

        @Override
        public void changed(ClientSession session, String what) {
            save(session, settings.liveSessionTtl(), what);
        }
    };
    private volatile boolean accepting = true;

    public GatewayService(GatewaySettings settings, ClientFrameParser parser, ServerFrames frames, GatewayStats stats,
            LongSupplier nanoClock, Ports.SessionStore sessions, Ports.UserEventFeed userFeed, Ports.ConnectionJournal journal,
            Ports.PersistentSubscriptions persistent, RequestHandler requests, EventBackfill backfill, Ports.Tokens tokens,
            TokenLifetimes lifetimes) {
        this.settings = settings;
        this.parser = parser;
        this.frames = frames;
        this.stats = stats;
        this.nanoClock = nanoClock;
        this.sessions = sessions;
        this.userFeed = userFeed;
        this.journal = journal;
        this.persistent = persistent;
        this.requests = requests;
        this.backfill = backfill;
        this.tokens = tokens;
        this.lifetimes = lifetimes;
    }

    /**
     * A new authenticated connection: sends {@code session}, starts user-event delivery, applies stored subscriptions.
     *
     * @param tokenRefusedFrom epoch second from which the connection's token is refused: the connection is closed then
     *        (4003) unless the client sends a fresh token with {@code refresh}
     * @return the session; when it would exceed its user's connection limit (handshakes of one user racing past
     *         {@link #admits}), it gets no {@code session} frame and is closed at once with 1013
     */
    public ClientSession open(String connectionId, String userId, long tokenRefusedFrom, Lane lane, Outbox.Sink sink,
            String remoteAddress) {
        long now = nanoClock.getAsLong();
        Outbox outbox = new Outbox(sink, lane, settings.outbound(), stats, nanoClock);
        ClientSession session = new ClientSession(connectionId, userId, UUID.randomUUID().toString(), lane, outbox, frames,
                new FrameGuard(settings.inbound(), now), backfill, now);
        open.put(connectionId, session);
        int held = openPerUser.merge(userId, 1, Integer::sum);
        lifetimes.track(session, tokenRefusedFrom);
        sinks.put(connectionId, sink);
        stats.recordOpened();
        if (held > settings.maxConnectionsPerUser()) {
            // Registered like any connection so that its close releases everything; the count decides atomically.
            stats.refused.get(GatewayStats.Refusal.PER_USER_LIMIT).increment();
            journal.opened(session, remoteAddress);
            close(session, TRY_AGAIN_LATER, "per-user connection limit");
            return session;
        }
        session.sendControl(ServerEvent.SESSION, null,
                ControlData.Session.opened(session.sessionId(), userId, settings.resumeWindow().toSeconds()));
        userFeed.attach(session);
        journal.opened(session, remoteAddress);
        save(session, settings.liveSessionTtl(), "new connection");
        onLane(session, persistent.forUser(userId), stored -> requests.restore(session, stored, null, true, outcomes),
                failure -> LOG.warnf("stored subscriptions of user %s not applied to connection %s: %s", userId, connectionId, failure));
        return session;
    }

    /** A text frame from the client, on its lane. */
    public void onText(ClientSession session, String text) {
        long now = nanoClock.getAsLong();
        session.touch(now);
        if (!session.guard().tryAcquire(now)) {
            reject(session, new ProtocolException(ErrorCode.RATE_LIMITED, "$",
                    "more than " + settings.inbound().framesPerSecond() + " frames per second; frame ignored"), now);
            return;
        }
        ClientFrame frame;
        try {
            frame = parser.parse(text);
        } catch (ProtocolException e) {
            reject(session, e, now);
            return;
        }
        if (frame.request() instanceof ClientRequest.Refresh refresh) {
            refresh(session, refresh.token(), frame.requestId(), now);
        } else {
            requests.handle(session, frame, outcomes);
        }
    }

    /**
     * {@code refresh}: a valid token of the same user moves the connection's deadline to the new token's; anything else is
     * refused and the current deadline stays.
     */
    private void refresh(ClientSession session, String token, String requestId, long now) {
        VerifiedToken fresh = tokens.verify(token);
        String problem = fresh == null ? "not a valid token (expired, forged or of another issuer or audience)"
                : !session.userId().equals(fresh.subject()) ? "token of another user: a connection keeps the user it was opened with"
                : !fresh.allowed() ? "token without the trader or operator group" : null;
        if (problem != null) {
            reject(session, new ProtocolException(ErrorCode.INVALID_TOKEN, "data.token", problem
                    + "; the connection still closes (4003) when its current token expires", requestId), now);
            return;
        }
        lifetimes.track(session, fresh.refusedFromEpochSecond());
        session.sendControl(ServerEvent.REFRESHED, requestId,
                new ControlData.Refreshed(fresh.endless() ? 0 : fresh.refusedFromEpochSecond()));
    }

    /**
     * Whether the user may open one more connection on this pod. Checked at the handshake against the open connections,
     * so nothing needs releasing when an upgrade fails; handshakes of one user racing each other may all pass it, and
     * {@link #open} closes those over the limit.
     */
    public boolean admits(String userId) {
        return openPerUser.getOrDefault(userId, 0) < settings.maxConnectionsPerUser();
    }

    /**
     * A message over the WebSocket layer's limit: the connection is closed with 1009 (docs/protocol.md), unless the layer
     * already cut it (a single frame far over the limit).
     */
    public void oversized(ClientSession session, long limitBytes, boolean stillOpen) {
        stats.framesRejected.increment();
        stats.oversizedDisconnects.increment();
        if (stillOpen) {
            close(session, MESSAGE_TOO_BIG, "message over " + limitBytes + " bytes");
        }
    }

    /** A binary frame: not part of the protocol, answered with an error like any other bad frame (and counted towards abuse). */
    public void onBinary(ClientSession session, int bytes) {
        long now = nanoClock.getAsLong();
        session.touch(now);
        reject(session, new ProtocolException(ErrorCode.BINARY_FRAME, "$",
                "binary frame of " + bytes + " bytes ignored: the protocol is JSON in text frames"), now);
    }

    /** A pong or any other sign of life. */
    public void onActivity(ClientSession session) {
        session.touch(nanoClock.getAsLong());
    }

    private void reject(ClientSession session, ProtocolException problem, long now) {
        stats.framesRejected.increment();
        stats.errors.increment();
        session.sendError(problem);
        if (session.guard().rejectAndCheckAbuse(now)) {
            stats.abuseDisconnects.increment();
            close(session, POLICY_VIOLATION, "policy violation: " + settings.inbound().abuseThreshold()
                    + " rejected frames within " + settings.inbound().abuseWindowNanos() / 1_000_000_000 + " s");
        }
    }

    /** The connection is gone (closed by either side); the session stays resumable for the resume window. */
    public void closed(ClientSession session, int code, String reason) {
        if (open.remove(session.connectionId()) == null) {
            return;
        }
        sinks.remove(session.connectionId());
        openPerUser.computeIfPresent(session.userId(), (user, count) -> count == 1 ? null : count - 1);
        lifetimes.forget(session);
        stats.recordClosed(code);
        requests.dropMarket(session);
        session.outbox().close();
        userFeed.detach(session);
        journal.closed(session, code, reason);
        save(session, settings.resumeWindow(), "connection closed, kept for the resume window");
    }

    /**
     * Closes connections that went silent and clients that stayed behind, and pings the connections whose ping is due;
     * the checks run on the sessions' lanes. A silent connection is closed only when its next ping is due and the
     * last {@value #PINGS_BEFORE_IDLE_CLOSE} went unanswered, each given a ping interval: after a stall of the sweep
     * (a GC pause, a starved core, a late scheduler tick) a quiet client that answers pings is pinged, not dropped.
     */
    public void sweep() {
        long idleNanos = settings.idleTimeout().toNanos();
        long pingNanos = settings.pingInterval().toNanos();
        onEveryLane(session -> {
            long now = nanoClock.getAsLong();
            boolean pingDue = session.pingDue(now, pingNanos);
            boolean silent = now - session.lastInboundNanos() >= idleNanos && session.unansweredPings() >= PINGS_BEFORE_IDLE_CLOSE;
            if (pingDue && silent) {
                stats.idleDisconnects.increment();
                close(session, GOING_AWAY, "idle timeout: nothing received for " + settings.idleTimeout().toSeconds() + " s");
            } else {
                session.outbox().checkLag();
                if (pingDue) {
                    session.pinged(now);
                    session.outbox().ping();
                }
            }
        });
    }

    /** Closes the connections whose token expired without a {@code refresh} (4003); the check runs on each session's lane. */
    public void expireTokens() {
        for (ClientSession session : lifetimes.due()) {
            session.lane().execute(() -> {
                if (open.containsKey(session.connectionId()) && lifetimes.expired(session)) {
                    stats.tokenExpiryDisconnects.increment();
                    close(session, TOKEN_EXPIRED, "token expired: reconnect with a new token (send refresh before exp to stay connected)");
                }
            });
        }
    }

    /** Re-saves every session so live ones do not expire; called every session refresh interval. */
    public void refreshSessions() {
        onEveryLane(session -> save(session, settings.liveSessionTtl(), "refresh"));
    }

    /** Runs an action for every open session on its own lane: one task per lane, not one per connection. */
    private void onEveryLane(Consumer<ClientSession> action) {
        Map<Lane, List<ClientSession>> byLane = new HashMap<>();
        for (ClientSession session : open.values()) {
            byLane.computeIfAbsent(session.lane(), lane -> new ArrayList<>()).add(session);
        }
        byLane.forEach((lane, sessions) -> lane.execute(() -> {
            for (ClientSession session : sessions) {
                if (open.containsKey(session.connectionId())) {
                    action.accept(session);
                }
            }
        }));
    }

    /** Whether new connections are taken; false once {@link #shutdown} began. */
    public boolean accepting() {
        return accepting;
    }

    /** Stops taking connections, tells every client to reconnect elsewhere (1012) and closes; sessions stay resumable. */
    public void shutdown(String reason) {
        accepting = false;
        for (ClientSession session : open.values()) {
            session.lane().execute(() -> close(session, SERVICE_RESTART, reason));
        }
    }

    public void close(ClientSession session, int code, String reason) {
        Outbox.Sink sink = sinks.get(session.connectionId());
        if (sink != null) {
            sink.close(code, reason);
        }
    }

    /** Keeps the session's state for a resume, for {@code ttl}; {@code what} says why, for the log of a failure. */
    private void save(ClientSession session, Duration ttl, String what) {
        String sessionId = session.sessionId();
        sessions.save(sessionId, session.state(), ttl).subscribe().with(ok -> { }, failure -> {
            stats.sessionSaveFailures.increment();
            LOG.warnf("session %s of user %s not saved (%s); a resume may miss it: %s", sessionId, session.userId(), what, failure);
        });
    }

    public Collection<ClientSession> sessions() {
        return open.values();
    }

    public int openCount() {
        return open.size();
    }

    /** Runs the outcome of an asynchronous call back on the session's lane. */
    static <T> void onLane(ClientSession session, Uni<T> uni, Consumer<T> onItem, Consumer<Throwable> onFailure) {
        uni.subscribe().with(item -> session.lane().execute(() -> onItem.accept(item)),
                failure -> session.lane().execute(() -> onFailure.accept(failure)));
    }
}
