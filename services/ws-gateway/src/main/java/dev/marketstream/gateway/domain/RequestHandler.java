package dev.marketstream.gateway.domain;

import static dev.marketstream.gateway.domain.GatewayService.onLane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.gateway.protocol.ClientFrame;
import dev.marketstream.gateway.protocol.ClientRequest;
import dev.marketstream.gateway.protocol.DataType;
import dev.marketstream.gateway.protocol.ErrorCode;
import dev.marketstream.gateway.protocol.ProtocolException;
import dev.marketstream.gateway.protocol.ServerEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Handles the client requests of the protocol: market subscriptions with their snapshots, user-event
 * subscriptions, ping and resume. Runs on the session's lane; I/O results come back to it.
 */
public final class RequestHandler {

    private static final Logger LOG = Logger.getLogger(RequestHandler.class);

    private final GatewaySettings settings;
    private final SubscriptionIndex index;
    private final FanOut fanOut;
    private final OrderBooks books;
    private final Ports.MarketSnapshots snapshots;
    private final Ports.SessionStore sessions;
    private final Ports.EventHistory history;
    private final Ports.ConnectionJournal journal;
    private final Clock clock;

    public RequestHandler(GatewaySettings settings, SubscriptionIndex index, FanOut fanOut, OrderBooks books,
            Ports.MarketSnapshots snapshots, Ports.SessionStore sessions, Ports.EventHistory history, Ports.ConnectionJournal journal,
            Clock clock) {
        this.settings = settings;
        this.index = index;
        this.fanOut = fanOut;
        this.books = books;
        this.snapshots = snapshots;
        this.sessions = sessions;
        this.history = history;
        this.journal = journal;
        this.clock = clock;
    }

    public void handle(ClientSession session, ClientFrame frame, Consumer<ProtocolException> reject) {
        String requestId = frame.requestId();
        ClientRequest request = frame.request();
        if (request instanceof ClientRequest.SubscribeMarketData r) {
            subscribeMarket(session, r, requestId, reject);
        } else if (request instanceof ClientRequest.UnsubscribeMarketData r) {
            unsubscribeMarket(session, r.symbols(), r.types(), requestId);
        } else if (request instanceof ClientRequest.SubscribePortfolio r) {
            session.addPortfolio(r.portfolioId(), r.updateTypes());
            ObjectNode data = ack(session, "portfolio");
            data.put("portfolio_id", r.portfolioId());
            data.set("update_types", strings(session, r.updateTypes()));
            changed(session, ServerEvent.SUBSCRIBED, requestId, data, "portfolio");
        } else if (request instanceof ClientRequest.SubscribeAlerts r) {
            session.setAlerts(true, r.alertTypes());
            ObjectNode data = ack(session, "alerts");
            data.set("alert_types", strings(session, r.alertTypes()));
            changed(session, ServerEvent.SUBSCRIBED, requestId, data, "alerts");
        } else if (request instanceof ClientRequest.Unsubscribe r) {
            unsubscribe(session, r, requestId);
        } else if (request instanceof ClientRequest.Ping r) {
            ObjectNode data = session.newData();
            data.put("server_time", clock.millis());
            if (r.clientTime() != null) {
                data.put("client_time", r.clientTime());
            }
            session.sendControl(ServerEvent.PONG, requestId, data);
        } else if (request instanceof ClientRequest.Resume r) {
            resume(session, r, requestId, reject);
        }
    }

    // ---- market data ----

    private void subscribeMarket(ClientSession session, ClientRequest.SubscribeMarketData request, String requestId,
            Consumer<ProtocolException> reject) {
        if (request.symbols().size() > settings.maxSymbolsPerRequest()) {
            reject.accept(new ProtocolException(ErrorCode.TOO_MANY_SYMBOLS, "data.symbols", request.symbols().size()
                    + " symbols in one request; the limit is " + settings.maxSymbolsPerRequest(), requestId));
            return;
        }
        int after = session.marketStreamCount() + request.symbols().size() * request.types().size();
        if (after > settings.maxStreamsPerConnection()) {
            reject.accept(new ProtocolException(ErrorCode.TOO_MANY_SYMBOLS, "data.symbols", "this would make " + after
                    + " market streams on the connection; the limit is " + settings.maxStreamsPerConnection(), requestId));
            return;
        }
        if (request.maxFrequency() != null && request.maxFrequency() > settings.maxFrequency()) {
            reject.accept(new ProtocolException(ErrorCode.INVALID_FIELD, "data.max_frequency", "must be at most "
                    + settings.maxFrequency() + " updates per second but was " + request.maxFrequency(), requestId));
            return;
        }
        onLane(session, snapshots.unknownSymbols(request.symbols()), unknown -> {
            if (!unknown.isEmpty()) {
                reject.accept(new ProtocolException(ErrorCode.UNKNOWN_SYMBOL, "data.symbols",
                        "unknown symbols: " + String.join(", ", new TreeSet<>(unknown)), requestId));
                return;
            }
            addMarket(session, request.symbols(), request.types(), request.maxFrequency());
            ObjectNode data = ack(session, "market_data");
            data.set("symbols", strings(session, request.symbols()));
            data.set("data_types", strings(session, request.dataTypes()));
            if (request.maxFrequency() != null) {
                data.put("max_frequency", request.maxFrequency());
            }
            changed(session, ServerEvent.SUBSCRIBED, requestId, data, "market_data");
            sendSnapshots(session, request.symbols(), request.types());
        }, failure -> reject.accept(unavailable(requestId, failure)));
    }

    private void addMarket(ClientSession session, Collection<String> symbols, Collection<DataType> types, Integer maxFrequency) {
        for (String symbol : symbols) {
            for (DataType type : types) {
                StreamKey stream = new StreamKey(symbol, type);
                if (session.addMarket(stream, maxFrequency)) {
                    index.add(stream, session);
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

    private void unsubscribeMarket(ClientSession session, List<String> symbols, List<DataType> types, String requestId) {
        List<String> removed = new ArrayList<>();
        for (String symbol : symbols) {
            for (DataType type : types) {
                StreamKey stream = new StreamKey(symbol, type);
                if (session.removeMarket(stream)) {
                    index.remove(stream, session);
                    removed.add(stream.wireName());
                }
            }
        }
        ObjectNode data = ack(session, "market_data");
        data.set("symbols", strings(session, symbols));
        data.set("streams", strings(session, removed));
        changed(session, ServerEvent.UNSUBSCRIBED, requestId, data, "market_data");
    }

    /** Removes all of a closing connection's market streams from the index. */
    public void dropMarket(ClientSession session) {
        for (StreamKey stream : session.marketStreams()) {
            index.remove(stream, session);
        }
    }

    private void unsubscribe(ClientSession session, ClientRequest.Unsubscribe request, String requestId) {
        switch (request.stream()) {
            case "market_data" -> unsubscribeMarket(session, request.symbols(), List.of(DataType.values()), requestId);
            case "portfolio" -> {
                session.removePortfolio(request.portfolioId());
                ObjectNode data = ack(session, "portfolio");
                data.put("portfolio_id", request.portfolioId());
                changed(session, ServerEvent.UNSUBSCRIBED, requestId, data, "portfolio");
            }
            default -> {
                session.setAlerts(false, List.of());
                changed(session, ServerEvent.UNSUBSCRIBED, requestId, ack(session, "alerts"), "alerts");
            }
        }
    }

    // ---- resume and stored subscriptions ----

    private void resume(ClientSession session, ClientRequest.Resume request, String requestId, Consumer<ProtocolException> reject) {
        onLane(session, sessions.load(request.sessionId()), state -> {
            if (state == null || !state.userId().equals(session.userId())) {
                reject.accept(new ProtocolException(ErrorCode.SESSION_NOT_FOUND, "data.session_id",
                        "no resumable session with this id for this user (it may have expired after "
                                + settings.resumeWindow().toSeconds() + " s)", requestId));
                return;
            }
            session.adoptSession(request.sessionId());
            ObjectNode data = session.newData();
            data.put("session_id", request.sessionId());
            data.put("resumed", true);
            data.put("user_id", session.userId());
            data.put("resume_window_seconds", settings.resumeWindow().toSeconds());
            session.sendControl(ServerEvent.SESSION, requestId, data);
            restore(session, state, requestId, false);
            replay(session, request);
        }, failure -> reject.accept(unavailable(requestId, failure)));
    }

    private void replay(ClientSession session, ClientRequest.Resume request) {
        session.userEvents().beginReplay(request.lastSeq());
        onLane(session, history.userEventsAfter(session.userId(), request.lastSeq(), settings.maxReplay()),
                events -> session.userEvents().endReplay(events), failure -> session.userEvents().endReplay(List.of()));
        if (request.lastBroadcastSeq() != null) {
            session.broadcasts().beginReplay(request.lastBroadcastSeq());
            onLane(session, history.broadcastsAfter(request.lastBroadcastSeq(), settings.maxReplay()),
                    events -> session.broadcasts().endReplay(events), failure -> session.broadcasts().endReplay(List.of()));
        }
    }

    /** Applies stored subscriptions (a resumed session's, or the user's persistent ones) and sends fresh snapshots. */
    public void restore(ClientSession session, SessionState state, String requestId, boolean persistent) {
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
            ObjectNode data = ack(session, "stored");
            data.put("persistent", true);
            data.put("market_streams", state.market().size());
            data.put("portfolios", state.portfolios().size());
            data.put("alerts", state.alerts());
            session.sendControl(ServerEvent.SUBSCRIBED, requestId, data);
        }
        if (any) {
            sessions.save(session.sessionId(), session.state(), settings.liveSessionTtl()).subscribe().with(ok -> { }, f -> { });
        }
    }

    // ---- helpers ----

    private void changed(ClientSession session, ServerEvent event, String requestId, ObjectNode data, String streamType) {
        session.sendControl(event, requestId, data);
        String parameters = data.toString();
        if (event == ServerEvent.SUBSCRIBED) {
            journal.subscribed(session, streamType, parameters);
        } else {
            journal.unsubscribed(session, streamType, parameters);
        }
        sessions.save(session.sessionId(), session.state(), settings.liveSessionTtl()).subscribe().with(ok -> { }, f -> { });
    }

    private static ObjectNode ack(ClientSession session, String stream) {
        ObjectNode data = session.newData();
        data.put("stream", stream);
        return data;
    }

    private static ArrayNode strings(ClientSession session, Collection<String> values) {
        ArrayNode array = session.newData().arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ProtocolException unavailable(String requestId, Throwable failure) {
        LOG.debugf("market data store call failed: %s", failure);
        return new ProtocolException(ErrorCode.UNAVAILABLE, "$", "the market data store is unavailable; try again", requestId);
    }
}
