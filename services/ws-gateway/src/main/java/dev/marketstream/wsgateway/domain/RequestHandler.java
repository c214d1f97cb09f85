package dev.marketstream.wsgateway.domain;

import static dev.marketstream.wsgateway.domain.GatewayService.onLane;

import dev.marketstream.wsgateway.protocol.Ack;
import dev.marketstream.wsgateway.protocol.ClientFrame;
import dev.marketstream.wsgateway.protocol.ClientRequest;
import dev.marketstream.wsgateway.protocol.ControlData;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ErrorCode;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Handles the client requests of the protocol: market subscriptions with their snapshots, user-event
 * subscriptions, ping and resume. Runs on the session's lane; I/O results come back to it. What follows from a
 * request beyond its answer (counting a refusal, keeping the changed session state) is the gateway's, through
 * {@link Outcomes}.
 */
public final class RequestHandler {

    private static final Logger LOG = Logger.getLogger(RequestHandler.class);

    /** The gateway's rules for what requests come to ({@link GatewayService}). Called on the session's lane. */
    public interface Outcomes {
        /** Refuses a request with an {@code error} event. */
        void reject(ClientSession session, ProtocolException problem);

        /** The session's subscriptions changed: its state is to be kept for a resume; {@code what} names the change. */
        void changed(ClientSession session, String what);
    }

    private final GatewaySettings settings;
    private final SubscriptionIndex index;
    private final FanOut fanOut;
    private final OrderBooks books;
    private final Ports.MarketSnapshots snapshots;
    private final Ports.SessionStore sessions;
    private final EventBackfill backfill;
    private final Ports.ConnectionJournal journal;
    private final HistorySeam candleHistory;
    private final Clock clock;

    public RequestHandler(GatewaySettings settings, SubscriptionIndex index, FanOut fanOut, OrderBooks books,
            Ports.MarketSnapshots snapshots, Ports.SessionStore sessions, EventBackfill backfill, Ports.ConnectionJournal journal,
            HistorySeam candleHistory, Clock clock) {
        this.settings = settings;
        this.index = index;
        this.fanOut = fanOut;
        this.books = books;
        this.snapshots = snapshots;
        this.sessions = sessions;
        this.backfill = backfill;
        this.journal = journal;
        this.candleHistory = candleHistory;
        this.clock = clock;
    }

    public void handle(ClientSession session, ClientFrame frame, Outcomes outcomes) {
        String requestId = frame.requestId();
        ClientRequest request = frame.request();
        if (request instanceof ClientRequest.SubscribeMarketData r) {
            subscribeMarket(session, r, requestId, outcomes);
        } else if (request instanceof ClientRequest.UnsubscribeMarketData r) {
            unsubscribeMarket(session, r.symbols(), r.types(), requestId, outcomes);
        } else if (request instanceof ClientRequest.SubscribePortfolio r) {
            session.addPortfolio(r.portfolioId(), r.updateTypes());
            changed(session, requestId, new Ack.PortfolioSubscribed(r.portfolioId(), r.updateTypes()), outcomes);
        } else if (request instanceof ClientRequest.SubscribeAlerts r) {
            session.setAlerts(true, r.alertTypes());
            changed(session, requestId, new Ack.AlertsSubscribed(r.alertTypes()), outcomes);
        } else if (request instanceof ClientRequest.Unsubscribe r) {
            unsubscribe(session, r, requestId, outcomes);
        } else if (request instanceof ClientRequest.Ping r) {
            session.sendControl(ServerEvent.PONG, requestId, new ControlData.Pong(clock.millis(), r.clientTime()));
        } else if (request instanceof ClientRequest.Resume r) {
            resume(session, r, requestId, outcomes);
        }
    }

    // ---- market data ----

    private void subscribeMarket(ClientSession session, ClientRequest.SubscribeMarketData request, String requestId,
            Outcomes outcomes) {
        if (request.symbols().size() > settings.maxSymbolsPerRequest()) {
            outcomes.reject(session, new ProtocolException(ErrorCode.TOO_MANY_SYMBOLS, "data.symbols", request.symbols().size()
                    + " symbols in one request; the limit is " + settings.maxSymbolsPerRequest(), requestId));
            return;
        }
        int after = session.marketStreamCount() + request.symbols().size() * request.types().size();
        if (after > settings.maxStreamsPerConnection()) {
            outcomes.reject(session, new ProtocolException(ErrorCode.TOO_MANY_SYMBOLS, "data.symbols", "this would make " + after
                    + " market streams on the connection; the limit is " + settings.maxStreamsPerConnection(), requestId));
            return;
        }
        if (request.maxFrequency() != null && request.maxFrequency() > settings.maxFrequency()) {
            outcomes.reject(session, new ProtocolException(ErrorCode.INVALID_FIELD, "data.max_frequency", "must be at most "
                    + settings.maxFrequency() + " updates per second but was " + request.maxFrequency(), requestId));
            return;
        }
        onLane(session, snapshots.unknownSymbols(request.symbols()), unknown -> {
            if (!unknown.isEmpty()) {
                outcomes.reject(session, new ProtocolException(ErrorCode.UNKNOWN_SYMBOL, "data.symbols",
                        "unknown symbols: " + String.join(", ", new TreeSet<>(unknown)), requestId));
                return;
            }
            addMarket(session, request.symbols(), request.types(), request.maxFrequency());
            changed(session, requestId, new Ack.MarketDataSubscribed(request.symbols(), request.dataTypes(), request.maxFrequency()),
                    outcomes);
            if (request.history() == null) {
                sendSnapshots(session, request.symbols(), request.types());
            } else {
                sendSnapshots(session, request.symbols(), request.types().stream().filter(t -> t != DataType.CANDLES).toList());
                candleHistory.send(session, request.symbols(), request.history());
            }
        }, failure -> outcomes.reject(session, unavailable(requestId, failure)));
    }

    private void addMarket(ClientSession session, Collection<String> symbols, Collection<DataType> types, Integer maxFrequency) {
        for (String symbol : symbols) {
            for (DataType type : types) {
                StreamKey stream = index.sharedKey(new StreamKey(symbol, type));
                MarketSubscription replaced = session.marketSubscription(stream);
                MarketSubscription added = session.addMarket(stream, maxFrequency);
                if (added != null) {
                    // Both on the lane, where frames are delivered: no frame falls between the two.
                    if (replaced != null) {
                        index.remove(stream, replaced);
                    }
                    index.add(stream, added);
                }
            }
        }
    }

    /**
     * Reads the latest values from Redis and sends them before any held live update; order books are sent from the
     * gateway's own book when it has one. See {@link ClientSession#completeSnapshot} and
     * {@link ClientSession#completeBookSnapshot}.
     */
    private void sendSnapshots(ClientSession session, Collection<String> symbols, Collection<DataType> types) {
        for (DataType type : types) {
            onLane(session, snapshots.latest(type, symbols), latest -> {
                Map<StreamKey, List<MarketUpdate>> byStream = new LinkedHashMap<>();
                symbols.forEach(symbol -> byStream.put(new StreamKey(symbol, type), new ArrayList<>()));
                latest.forEach(update -> byStream.computeIfAbsent(update.stream(), k -> new ArrayList<>()).add(update));
                byStream.forEach((stream, values) -> completeSnapshot(session, stream, values));
            }, failure -> symbols.forEach(symbol -> completeSnapshot(session, new StreamKey(symbol, type), List.of())));
        }
    }

    private void completeSnapshot(ClientSession session, StreamKey stream, List<MarketUpdate> stored) {
        if (stream.type() == DataType.ORDERBOOK) {
            session.completeBookSnapshot(stream, books.book(stream.symbol()), stored, fanOut.currentSeq(stream));
        } else {
            session.completeSnapshot(stream, stored, fanOut.currentSeq(stream));
        }
    }

    private void unsubscribeMarket(ClientSession session, List<String> symbols, List<DataType> types, String requestId,
            Outcomes outcomes) {
        List<String> removed = new ArrayList<>();
        for (String symbol : symbols) {
            for (DataType type : types) {
                StreamKey stream = new StreamKey(symbol, type);
                MarketSubscription subscription = session.removeMarket(stream);
                if (subscription != null) {
                    index.remove(stream, subscription);
                    removed.add(stream.wireName());
                }
            }
        }
        changed(session, requestId, new Ack.MarketDataUnsubscribed(symbols, removed), outcomes);
    }

    /** Removes all of a closing connection's market streams from the index. */
    public void dropMarket(ClientSession session) {
        for (MarketSubscription subscription : session.marketSubscriptions()) {
            index.remove(subscription.stream, subscription);
        }
    }

    private void unsubscribe(ClientSession session, ClientRequest.Unsubscribe request, String requestId, Outcomes outcomes) {
        switch (request.streamType()) {
            case MARKET_DATA -> unsubscribeMarket(session, request.symbols(), List.of(DataType.values()), requestId, outcomes);
            case PORTFOLIO -> {
                session.removePortfolio(request.portfolioId());
                changed(session, requestId, new Ack.PortfolioUnsubscribed(request.portfolioId()), outcomes);
            }
            case ALERTS -> {
                session.setAlerts(false, List.of());
                changed(session, requestId, new Ack.AlertsUnsubscribed(), outcomes);
            }
            case STORED -> throw new IllegalStateException("unsubscribe refuses the stream " + request.stream());
        }
    }

    // ---- resume and stored subscriptions ----

    private void resume(ClientSession session, ClientRequest.Resume request, String requestId, Outcomes outcomes) {
        onLane(session, sessions.load(request.sessionId()), state -> {
            if (state == null || !state.userId().equals(session.userId())) {
                outcomes.reject(session, new ProtocolException(ErrorCode.SESSION_NOT_FOUND, "data.session_id",
                        "no resumable session with this id for this user (it may have expired after "
                                + settings.resumeWindow().toSeconds() + " s)", requestId));
                return;
            }
            session.adoptSession(request.sessionId());
            session.sendControl(ServerEvent.SESSION, requestId,
                    ControlData.Session.resumed(request.sessionId(), session.userId(), settings.resumeWindow().toSeconds()));
            restore(session, state, requestId, false, outcomes);
            replay(session, request);
        }, failure -> outcomes.reject(session, unavailable(requestId, failure)));
    }

    private void replay(ClientSession session, ClientRequest.Resume request) {
        session.userEvents().beginReplay(request.lastSeq());
        backfill.userEvents(session, request.lastSeq());
        if (request.lastBroadcastSeq() != null) {
            session.broadcasts().beginReplay(request.lastBroadcastSeq());
            backfill.broadcasts(session, request.lastBroadcastSeq());
        }
    }

    /** Applies stored subscriptions (a resumed session's, or the user's persistent ones) and sends fresh snapshots. */
    public void restore(ClientSession session, SessionState state, String requestId, boolean persistent, Outcomes outcomes) {
        Map<Integer, Map<DataType, Set<String>>> market = new LinkedHashMap<>();
        for (SessionState.MarketStream stream : state.market()) {
            DataType type = DataType.fromWireName(stream.dataType()).orElse(null);
            if (type != null) {
                market.computeIfAbsent(stream.maxFrequency() == null ? 0 : stream.maxFrequency(), f -> new LinkedHashMap<>())
                        .computeIfAbsent(type, t -> new LinkedHashSet<>()).add(stream.symbol());
            }
        }
        market.forEach((frequency, byType) -> byType.forEach((type, symbols) -> {
            addMarket(session, symbols, List.of(type), frequency == 0 ? null : frequency);
            sendSnapshots(session, symbols, List.of(type));
        }));
        state.portfolios().forEach((id, types) -> session.addPortfolio(id, List.copyOf(types)));
        if (state.alerts()) {
            session.setAlerts(true, List.copyOf(state.alertTypes()));
        }
        boolean any = !state.market().isEmpty() || !state.portfolios().isEmpty() || state.alerts();
        if (persistent && any) {
            Ack ack = new Ack.StoredSubscribed(state.market().size(), state.portfolios().size(), state.alerts());
            session.sendControl(ack.event(), requestId, ack);
        }
        if (any) {
            outcomes.changed(session, persistent ? "stored subscriptions applied" : "subscriptions restored");
        }
    }

    // ---- helpers ----

    /** Acknowledges a change, records it in the connection journal (the ack's JSON as parameters) and reports it. */
    private void changed(ClientSession session, String requestId, Ack ack, Outcomes outcomes) {
        String parameters = session.sendControl(ack.event(), requestId, ack);
        if (ack.event() == ServerEvent.SUBSCRIBED) {
            journal.subscribed(session, ack.stream().wireName(), parameters);
        } else {
            journal.unsubscribed(session, ack.stream().wireName(), parameters);
        }
        outcomes.changed(session, ack.event().wireName() + " " + ack.stream().wireName());
    }

    private static ProtocolException unavailable(String requestId, Throwable failure) {
        LOG.debugf("market data store call failed: %s", failure);
        return new ProtocolException(ErrorCode.UNAVAILABLE, "$", "the market data store is unavailable; try again", requestId);
    }
}
