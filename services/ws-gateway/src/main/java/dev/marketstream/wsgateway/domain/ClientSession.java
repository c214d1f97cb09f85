package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ControlData;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one connection: its subscriptions, sequence numbers and outbox. Lives on the
 * connection's {@link Lane}; every method must be called there (see DESIGN.md).
 */
public final class ClientSession {

    private final String connectionId;
    private final String userId;
    private final Lane lane;
    private final Outbox outbox;
    private final ServerFrames frames;
    private final FrameGuard guard;
    private final Map<StreamKey, MarketSubscription> market = new LinkedHashMap<>();
    private final Map<String, Set<String>> portfolios = new HashMap<>();
    private final Set<String> alertTypes = new HashSet<>();
    private final UserEventSequencer<UserEvent> userEvents;
    private final UserEventSequencer<UserEvent> broadcasts;
    private String sessionId;
    private boolean alerts;
    private long controlSeq;
    private long lastInboundNanos;
    private long pingedNanos;
    /** Pings sent since the client last sent anything (a frame or a pong). */
    private int unansweredPings;
    /** Epoch second from which the connection's token is refused; written under {@link TokenLifetimes}' lock. */
    private volatile long tokenRefusedFrom = Long.MAX_VALUE;

    public ClientSession(String connectionId, String userId, String sessionId, Lane lane, Outbox outbox, ServerFrames frames,
            FrameGuard guard, EventBackfill backfill, long now) {
        this.connectionId = connectionId;
        this.userId = userId;
        this.sessionId = sessionId;
        this.lane = lane;
        this.outbox = outbox;
        this.frames = frames;
        this.guard = guard;
        this.lastInboundNanos = now;
        this.pingedNanos = now;
        this.userEvents = new UserEventSequencer<>(e -> sendUserEvent(ServerFrames.USER_STREAM, e), seq -> backfill.userEvents(this, seq));
        this.broadcasts = new UserEventSequencer<>(e -> sendUserEvent(ServerFrames.BROADCAST_STREAM, e), seq -> backfill.broadcasts(this, seq));
    }

    // ---- market data ----

    /**
     * Registers a stream; its live frames are held until {@link #completeSnapshot} runs. Returns the new subscription,
     * which replaces (and ends) one of the stream with another {@code max_frequency}; null when already subscribed alike.
     */
    MarketSubscription addMarket(StreamKey stream, Integer maxFrequency) {
        MarketSubscription existing = market.get(stream);
        if (existing != null && java.util.Objects.equals(existing.maxFrequency, maxFrequency)) {
            return null;
        }
        if (existing != null) {
            existing.active = false;
        }
        MarketSubscription subscription = new MarketSubscription(this, stream, maxFrequency);
        market.put(stream, subscription);
        return subscription;
    }

    /** The subscription of a stream; null when not subscribed. */
    MarketSubscription marketSubscription(StreamKey stream) {
        return market.get(stream);
    }

    /** Ends the subscription of a stream; returns it, or null when not subscribed. */
    MarketSubscription removeMarket(StreamKey stream) {
        MarketSubscription removed = market.remove(stream);
        if (removed == null) {
            return null;
        }
        removed.active = false;
        outbox.forget(stream.wireName());
        return removed;
    }

    public int marketStreamCount() {
        return market.size();
    }

    /** The streams subscribed (for tests: the fan-out reaches subscriptions through the index). */
    Set<StreamKey> marketStreams() {
        return Set.copyOf(market.keySet());
    }

    List<MarketSubscription> marketSubscriptions() {
        return List.copyOf(market.values());
    }

    /**
     * Sends the snapshot of a stream, then the newest live frame that arrived meanwhile if it is newer.
     *
     * @param snapshots latest values from Redis (two for candles: one per interval), possibly none
     * @param currentSeq the stream's last sequence number at this pod
     */
    public void completeSnapshot(StreamKey stream, List<MarketUpdate> snapshots, long currentSeq) {
        completeSnapshot(stream, null, snapshots, currentSeq);
    }

    /**
     * A candle stream's subscribe asked for history: until {@link #completeSnapshot(StreamKey, CandleHistory, List, long)}
     * the newest live bar of {@code interval} is kept apart, to join the history to the live bars.
     */
    public void expectHistory(StreamKey stream, String interval) {
        MarketSubscription subscription = market.get(stream);
        if (subscription != null && subscription.awaitingSnapshot) {
            subscription.historyInterval = interval;
        }
    }

    /** The window start (ns) of the newest live bar of the history interval held so far; {@code Long.MIN_VALUE} if none. */
    public long heldHistoryBarStart(StreamKey stream, int intervalSeconds) {
        MarketSubscription subscription = market.get(stream);
        MarketFrame seam = subscription == null ? null : subscription.seamFrame;
        return seam == null ? Long.MIN_VALUE : seam.update().timestampNanos() - intervalSeconds * 1_000_000_000L;
    }

    /** Stored bars of one interval, oldest first, sent before the live bars of that interval. */
    public record CandleHistory(String interval, int intervalSeconds, List<HistoryBar> bars) {
    }

    /**
     * Sends the history (when there is one: it stands in for that interval's snapshot), the snapshot of the stream's other
     * values, then the live frames that arrived meanwhile and are newer: for the history interval the newest one if it
     * starts after the history's last bar, otherwise the newest frame if it is newer than its snapshot.
     */
    public void completeSnapshot(StreamKey stream, CandleHistory history, List<MarketUpdate> snapshots, long currentSeq) {
        MarketSubscription subscription = market.get(stream);
        if (subscription == null || !subscription.awaitingSnapshot) {
            return;
        }
        subscription.awaitingSnapshot = false;
        MarketFrame held = subscription.held;
        MarketFrame seam = subscription.seamFrame;
        subscription.held = null;
        subscription.seamFrame = null;
        subscription.historyInterval = null;
        long seq = held != null ? held.seq() - 1 : currentSeq;
        boolean heldIsNewer = held != null;
        if (history != null) {
            sendHistory(stream, history, seq);
            long last = history.bars().isEmpty() ? Long.MIN_VALUE : history.bars().get(history.bars().size() - 1).windowStartNanos();
            if (seam != null && seam.update().timestampNanos() - history.intervalSeconds() * 1_000_000_000L > last && seam != held) {
                outbox.sendLatest(seam.conflationKey(), seam.utf8(), 0);
            }
            if (held != null && history.interval().equals(held.update().variant())) {
                heldIsNewer = held == seam && held.update().timestampNanos() - history.intervalSeconds() * 1_000_000_000L > last;
            }
        }
        for (MarketUpdate snapshot : snapshots) {
            if (history != null && history.interval().equals(snapshot.variant())) {
                continue; // the history ends with it, or later
            }
            outbox.sendLatest(snapshot.conflationKey() + "#snapshot", ServerFrames.market(stream.type().serverEvent(), stream.wireName(), seq,
                    true, snapshot.dataJson()).getBytes(StandardCharsets.UTF_8), 0);
            if (held != null && held.update().conflationKey().equals(snapshot.conflationKey())
                    && (held.update().eventId().equals(snapshot.eventId()) || held.update().timestampNanos() < snapshot.timestampNanos())) {
                heldIsNewer = false;
            }
        }
        if (heldIsNewer) {
            outbox.sendLatest(held.conflationKey(), held.utf8(), 0);
        }
    }

    /**
     * Sends the snapshot of an order-book stream, rendered from the gateway's own book when it is synced, else the
     * stored one (the latest snapshot record, from Redis) if there is one; updates already contained in the snapshot
     * are dropped from then on. Without either, the client waits for the next snapshot record of the stream.
     *
     * @param stored the stored snapshot, possibly none
     * @param currentSeq the stream's last sequence number at this pod
     */
    public void completeBookSnapshot(StreamKey stream, LiveBook book, List<MarketUpdate> stored, long currentSeq) {
        MarketSubscription subscription = market.get(stream);
        if (subscription == null || !subscription.awaitingSnapshot) {
            return;
        }
        subscription.awaitingSnapshot = false;
        subscription.book = book;
        MarketFrame held = subscription.held;
        subscription.held = null;
        // The feed applies a record to the book before its frame is published: the book contains every frame up to
        // currentSeq, and the held frame too.
        BookSnapshot own = book.snapshot();
        String data = null;
        long seq = currentSeq;
        if (own != null) {
            subscription.bookSeqSent = own.bookSeq();
            data = own.dataJson();
        } else {
            for (MarketUpdate snapshot : stored) {
                if (snapshot.book() != null && snapshot.book().snapshot()) {
                    subscription.bookSeqSent = snapshot.book().bookSeq();
                    data = snapshot.dataJson();
                    seq = held != null ? held.seq() - 1 : currentSeq;
                }
            }
        }
        subscription.lastSeq = seq;
        if (data != null) {
            String frame = ServerFrames.market(ServerEvent.MARKET_ORDERBOOK, stream.wireName(), seq, true, data);
            outbox.sendLatest(stream.wireName() + "#snapshot", frame.getBytes(StandardCharsets.UTF_8), 0);
        }
        if (held != null) {
            offer(subscription, held);
            outbox.flush();
        }
    }

    private void sendHistory(StreamKey stream, CandleHistory history, long seq) {
        StringBuilder data = new StringBuilder(64 + history.bars().size() * 260).append("{\"symbol\":\"").append(stream.symbol())
                .append("\",\"interval\":\"").append(history.interval()).append("\",\"bars\":[");
        for (int i = 0; i < history.bars().size(); i++) {
            data.append(i == 0 ? "" : ",").append(history.bars().get(i).dataJson());
        }
        data.append("]}");
        outbox.sendLatest(stream.wireName() + "#history", ServerFrames.market(ServerEvent.MARKET_CANDLE_HISTORY, stream.wireName(), seq,
                true, data.toString()).getBytes(StandardCharsets.UTF_8), 0);
    }

    public Lane lane() {
        return lane;
    }

    /** A live frame of one of this session's subscriptions (see {@link MarketSubscription#onMarketFrame}). */
    void onMarketFrame(MarketSubscription subscription, MarketFrame frame) {
        if (!subscription.active) {
            return;
        }
        if (subscription.awaitingSnapshot) {
            subscription.hold(frame);
            return;
        }
        offer(subscription, frame);
    }

    /** Order-book updates already contained in a book sent are dropped; deltas are never merged away (see {@link Outbox}). */
    private void offer(MarketSubscription subscription, MarketFrame frame) {
        BookRecord book = frame.update().book();
        if (book == null) {
            outbox.offerLatest(frame.conflationKey(), frame.utf8(), subscription.minIntervalNanos);
            return;
        }
        subscription.lastSeq = Math.max(subscription.lastSeq, frame.seq());
        if (book.bookSeq() <= subscription.bookSeqSent) {
            return;
        }
        if (book.snapshot()) {
            outbox.offerLatest(frame.conflationKey(), frame.utf8(), subscription.minIntervalNanos);
        } else {
            outbox.offerDelta(frame.conflationKey(), frame.utf8(), subscription.minIntervalNanos, subscription.currentBook);
        }
    }

    /** Pushes what was written to the network; nothing when nothing waits, so calling it again is cheap. */
    public void flush() {
        outbox.flush();
    }

    // ---- user events ----

    public void addPortfolio(String portfolioId, List<String> updateTypes) {
        portfolios.put(portfolioId, new HashSet<>(updateTypes));
    }

    public boolean removePortfolio(String portfolioId) {
        if (portfolioId == null) {
            boolean had = !portfolios.isEmpty();
            portfolios.clear();
            return had;
        }
        return portfolios.remove(portfolioId) != null;
    }

    public void setAlerts(boolean subscribed, List<String> types) {
        alerts = subscribed;
        alertTypes.clear();
        alertTypes.addAll(types);
    }

    public boolean alertsSubscribed() {
        return alerts;
    }

    public UserEventSequencer<UserEvent> userEvents() {
        return userEvents;
    }

    public UserEventSequencer<UserEvent> broadcasts() {
        return broadcasts;
    }

    /** Whether the connection's subscriptions ask for this user event; system notifications always go through. */
    boolean wants(UserEvent event) {
        return switch (event.event()) {
            case PORTFOLIO_UPDATE -> {
                Set<String> types = portfolios.containsKey(event.portfolioId()) ? portfolios.get(event.portfolioId()) : portfolios.get("*");
                yield types != null && (types.isEmpty() || types.contains(event.kind()));
            }
            case TRADING_ALERT -> alerts && (alertTypes.isEmpty() || alertTypes.contains(event.kind()));
            default -> true;
        };
    }

    /** Sends the event if the subscriptions ask for it; answers whether it did. */
    private boolean sendUserEvent(String stream, UserEventSequencer.Numbered<UserEvent> numbered) {
        UserEvent event = numbered.event();
        if (!wants(event)) {
            return false;
        }
        String traced = event.traceId() == null ? "" : ",\"trace_id\":\"" + event.traceId() + '"';
        outbox.send("{\"event\":\"" + event.event().wireName() + "\",\"stream\":\"" + stream + "\",\"seq\":" + numbered.seq()
                + traced + ",\"data\":" + event.dataJson() + "}");
        return true;
    }

    // ---- control frames ----

    /** Sends a control frame; returns its {@code data} as written (the connection journal keeps acknowledgements). */
    public String sendControl(ServerEvent event, String requestId, ControlData data) {
        String json = frames.json(data);
        outbox.send(frames.control(event, ++controlSeq, requestId, json));
        return json;
    }

    public void sendError(ProtocolException problem) {
        outbox.send(frames.error(++controlSeq, problem));
    }

    // ---- state ----

    /** The subscriptions to keep in Redis for a resume. */
    public SessionState state() {
        List<SessionState.MarketStream> streams = new ArrayList<>();
        market.forEach((key, sub) -> streams.add(new SessionState.MarketStream(key.symbol(), key.type().wireName(), sub.maxFrequency)));
        Map<String, Set<String>> portfolioCopy = new HashMap<>();
        portfolios.forEach((id, types) -> portfolioCopy.put(id, Set.copyOf(types)));
        return new SessionState(userId, streams, portfolioCopy, Set.copyOf(alertTypes), alerts);
    }

    /** Market streams of a stored state, for restoring it. */
    public static List<StreamKey> streamsOf(SessionState state) {
        return state.market().stream().map(m -> new StreamKey(m.symbol(), DataType.fromWireName(m.dataType()).orElseThrow())).toList();
    }

    public void touch(long now) {
        lastInboundNanos = now;
        unansweredPings = 0;
    }

    long tokenRefusedFrom() {
        return tokenRefusedFrom;
    }

    void tokenRefusedFrom(long epochSecond) {
        tokenRefusedFrom = epochSecond;
    }

    /** Whether a keep-alive ping is due: a ping interval after the connection opened or was last pinged. */
    public boolean pingDue(long now, long intervalNanos) {
        return now - pingedNanos >= intervalNanos;
    }

    /** Counts a keep-alive ping sent; anything from the client answers it. */
    public void pinged(long now) {
        pingedNanos = now;
        unansweredPings++;
    }

    public int unansweredPings() {
        return unansweredPings;
    }

    public long lastInboundNanos() {
        return lastInboundNanos;
    }

    public FrameGuard guard() {
        return guard;
    }

    public Outbox outbox() {
        return outbox;
    }

    public String connectionId() {
        return connectionId;
    }

    public String userId() {
        return userId;
    }

    public String sessionId() {
        return sessionId;
    }

    public void adoptSession(String resumedSessionId) {
        this.sessionId = resumedSessionId;
    }
}
