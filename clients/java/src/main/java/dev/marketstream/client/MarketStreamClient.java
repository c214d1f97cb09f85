package dev.marketstream.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A connection to the MarketStream gateway that stays up, with the rules of the TypeScript client: reconnect with
 * exponential backoff and full jitter (to the next URL after a 1012, a 503 or a failed attempt), {@code resume} with the
 * last user {@code seq} after every reconnect, each user event delivered once per {@code event_id}, order books from
 * snapshots and updates with gap repair, and an application-level ping watchdog. Everything runs on one thread of its
 * own; listener calls come from it.
 *
 * <pre>{@code
 * MarketStreamClient client = MarketStreamClient.builder(URI.create("ws://127.0.0.1:8080/ws"))
 *         .token(() -> tokens.fresh()).listener(listener).build();
 * client.connect().join();
 * client.subscribeMarketData(List.of("AAPL"), List.of("price", "orderbook"), null).join();
 * }</pre>
 */
public final class MarketStreamClient implements AutoCloseable {

    /** Where the connection is. */
    public enum State { IDLE, CONNECTING, CONNECTED, RECONNECTING, CLOSED, FAILED }

    /** A change of state: for {@code RECONNECTING} the coming attempt and its delay, for {@code CONNECTED} whether it resumed. */
    public record StateChange(State state, State previous, URI url, int attempt, Duration delay, int closeCode, String reason,
            boolean resumed, MarketStreamException error) {
    }

    /** A jump in a market stream's numbering (see {@link MarketStreamListener#onGap}). */
    public record Gap(String symbol, String stream, String kind, long expected, long received) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DATA_TYPES = List.of("price", "volume", "orderbook", "candles");
    /** Close code of a connection whose token expired without a {@code refresh} (docs/protocol.md "Token lifetime"). */
    static final int TOKEN_EXPIRED = 4003;

    private final List<URI> urls;
    private final Supplier<String> tokens;
    private final ReconnectPolicy policy;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration bookRepairTimeout;
    private final MarketStreamListener listener;
    private final HttpClient http;
    private final ScheduledExecutorService loop;

    // Confined to the loop thread.
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Long> marketSeqs = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> bookRepairs = new HashMap<>();
    private final LinkedHashSet<String> delivered = new LinkedHashSet<>();
    private final Map<String, MarketSub> marketSubs = new LinkedHashMap<>();
    private final Map<String, ObjectNode> otherSubs = new LinkedHashMap<>();
    private final Map<String, OrderBook> books = new ConcurrentHashMap<>();
    private volatile State state = State.IDLE;
    private volatile String sessionId;
    private volatile long lastUserSeq = -1;
    private long lastBroadcastSeq = -1;
    private WebSocket socket;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    private int generation;
    private int urlIndex;
    private int attempt;
    private boolean authRetried;
    private int requests;
    private String greetingSessionId;
    private String resumeRequestId;
    private long lastInbound;
    private long lastPing;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> refreshTimer;
    /** The current connection's token, and the fresh one a {@code refresh} in flight offers. */
    private String token;
    private String refreshRequestId;
    private String refreshingToken;
    private CompletableFuture<MarketStreamClient> firstConnect;
    private volatile int resumes;
    private volatile int duplicatesDropped;

    private record Pending(ObjectNode frame, Runnable apply, CompletableFuture<JsonNode> answer) {
    }

    private record MarketSub(String symbol, String type, Integer maxFrequency) {
    }

    private MarketStreamClient(Builder builder) {
        this.urls = List.copyOf(builder.urls);
        this.tokens = Objects.requireNonNull(builder.tokens, "token");
        this.policy = builder.policy;
        this.pingInterval = builder.pingInterval;
        this.pingTimeout = builder.pingTimeout;
        this.bookRepairTimeout = builder.bookRepairTimeout;
        this.listener = builder.listener;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "marketstream-client");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().executor(loop).build();
    }

    public static Builder builder(URI... urls) {
        return new Builder(List.of(urls));
    }

    // ---- public API ----

    /** Opens the connection; completes once the first session is established, or fails with an {@link MarketStreamException.AuthException} or {@link MarketStreamException}. */
    public CompletableFuture<MarketStreamClient> connect() {
        CompletableFuture<MarketStreamClient> connected = new CompletableFuture<>();
        loop.execute(() -> {
            if (state != State.IDLE) {
                connected.completeExceptionally(new IllegalStateException("connect() was called already"));
                return;
            }
            firstConnect = connected;
            change(State.CONNECTING, 0, Duration.ZERO, 0, null, false, null);
            open();
        });
        return connected;
    }

    public State state() {
        return state;
    }

    /** The session's id, kept across resumed reconnects. */
    public String sessionId() {
        return sessionId;
    }

    /** The highest user {@code seq} seen; -1 before the first. */
    public long lastUserSeq() {
        return lastUserSeq;
    }

    public int resumes() {
        return resumes;
    }

    public int duplicatesDropped() {
        return duplicatesDropped;
    }

    public Optional<OrderBook> book(String symbol) {
        return Optional.ofNullable(books.get(symbol));
    }

    /** Market streams of the symbols (data types {@code price}, {@code volume}, {@code orderbook}, {@code candles}); kept across reconnects. */
    public CompletableFuture<JsonNode> subscribeMarketData(Collection<String> symbols, Collection<String> dataTypes, Integer maxFrequency) {
        ObjectNode data = JSON.createObjectNode();
        data.set("symbols", JSON.valueToTree(symbols));
        data.set("data_types", JSON.valueToTree(dataTypes));
        if (maxFrequency != null) {
            data.put("max_frequency", maxFrequency);
        }
        return request("subscribe_market_data", data, () -> {
            for (String symbol : symbols) {
                for (String type : dataTypes) {
                    marketSubs.put(symbol + ":" + type, new MarketSub(symbol, type, maxFrequency));
                }
            }
        });
    }

    public CompletableFuture<JsonNode> unsubscribeMarketData(Collection<String> symbols) {
        ObjectNode data = JSON.createObjectNode();
        data.set("symbols", JSON.valueToTree(symbols));
        return request("unsubscribe_market_data", data, () -> symbols.forEach(symbol -> {
            DATA_TYPES.forEach(type -> marketSubs.remove(symbol + ":" + type));
            books.remove(symbol);
        }));
    }

    /** Portfolio updates of one portfolio, or of all ({@code "*"}). */
    public CompletableFuture<JsonNode> subscribePortfolio(String portfolioId) {
        ObjectNode data = JSON.createObjectNode().put("portfolio_id", portfolioId);
        return request("subscribe_portfolio", data, () -> otherSubs.put("portfolio:" + portfolioId, data));
    }

    /** Every trading alert. */
    public CompletableFuture<JsonNode> subscribeAlerts() {
        ObjectNode data = JSON.createObjectNode();
        return request("subscribe_alerts", data, () -> otherSubs.put("alerts", data));
    }

    /** Closes for good; waiting futures fail. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (state != State.CLOSED && state != State.FAILED) {
                stopTimers();
                abandon(1000, "client closed");
                failPending(new MarketStreamException("closed", "the client was closed"));
                if (firstConnect != null) {
                    firstConnect.completeExceptionally(new MarketStreamException("closed", "closed before it connected"));
                    firstConnect = null;
                }
                change(State.CLOSED, 0, Duration.ZERO, 1000, "client closed", false, null);
            }
            done.complete(null);
        });
        done.orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        loop.shutdown();
    }

    // ---- connection lifecycle (loop thread) ----

    private URI url() {
        return urls.get(urlIndex % urls.size());
    }

    private void open() {
        int current = ++generation;
        marketSeqs.clear();
        greetingSessionId = null;
        resumeRequestId = null;
        String token;
        try {
            token = tokens.get();
        } catch (RuntimeException e) {
            dropped(1006, "token supplier failed: " + e, true);
            return;
        }
        this.token = token;
        refreshRequestId = null;
        connectTimer = loop.schedule(() -> {
            if (current == generation) {
                abandon(4000, "connect timeout");
                dropped(1006, "no session within 10 s", true);
            }
        }, 10, TimeUnit.SECONDS);
        http.newWebSocketBuilder().header("Authorization", "Bearer " + token).subprotocols("marketstream.v1")
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(url(), new Handler(current))
                .whenCompleteAsync((ws, failure) -> {
                    if (current != generation) {
                        if (ws != null) {
                            ws.abort();
                        }
                        return;
                    }
                    if (failure == null) {
                        return; // the socket was taken in Handler.onOpen, before any frame
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    if (cause instanceof WebSocketHandshakeException refused) {
                        rejected(refused.getResponse().statusCode());
                    } else {
                        dropped(1006, String.valueOf(cause), true);
                    }
                }, loop);
    }

    private void rejected(int status) {
        cancel(connectTimer);
        if (status == 401 || status == 403) {
            if (!authRetried) {
                authRetried = true; // once more at once, with a fresh token
                schedule(Duration.ZERO, status, "token refused; retrying with a fresh token");
                return;
            }
            fail(new MarketStreamException.AuthException(status));
            return;
        }
        dropped(status, "handshake refused with HTTP " + status, true);
    }

    private void dropped(int code, String reason, boolean neverConnected) {
        cancel(connectTimer);
        cancel(watchdog);
        cancel(refreshTimer);
        socket = null;
        if (state == State.CLOSED || state == State.FAILED) {
            return;
        }
        if (code == 1008 || code == 1009) {
            fail(new MarketStreamException("policy_violation", "the gateway closed with " + code + " (" + reason + "): fix the client"));
            return;
        }
        if (code == TOKEN_EXPIRED) {
            // at once, with a token from the supplier, and resume: a fixed expired token is refused (401) and ends in an AuthException
            schedule(Duration.ZERO, code, "token expired; reconnecting with a fresh token");
            return;
        }
        if (code == 1012 || code == 503 || neverConnected) {
            urlIndex++;
        }
        attempt++;
        if (attempt > policy.maxAttempts()) {
            fail(new MarketStreamException("reconnect_exhausted", "gave up after " + policy.maxAttempts() + " attempts (last " + code + " " + reason + ")"));
            return;
        }
        schedule(policy.delay(attempt, () -> ThreadLocalRandom.current().nextDouble()), code, reason);
    }

    private void schedule(Duration delay, int code, String reason) {
        State next = state == State.CONNECTING && firstConnect != null ? State.CONNECTING : State.RECONNECTING;
        change(next, Math.max(1, attempt), delay, code, reason, false, null);
        loop.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fail(MarketStreamException error) {
        stopTimers();
        abandon(1000, "client gave up");
        failPending(error);
        change(State.FAILED, 0, Duration.ZERO, 0, error.getMessage(), false, error);
        if (firstConnect != null) {
            firstConnect.completeExceptionally(error);
            firstConnect = null;
        } else {
            listener.onError(error);
        }
    }

    private void connected(boolean resumed) {
        cancel(connectTimer);
        attempt = 0;
        authRetried = false;
        if (resumed) {
            resumes++;
        } else {
            restoreSubscriptions();
        }
        pending.values().forEach(p -> send(p.frame()));
        startWatchdog();
        scheduleRefresh();
        change(State.CONNECTED, 0, Duration.ZERO, 0, null, resumed, null);
        if (firstConnect != null) {
            firstConnect.complete(this);
            firstConnect = null;
        }
    }

    private void abandon(int code, String reason) {
        generation++;
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.sendClose(code, reason).orTimeout(2, TimeUnit.SECONDS).whenComplete((w, e) -> ws.abort());
        }
    }

    private void startWatchdog() {
        lastInbound = System.currentTimeMillis();
        watchdog = loop.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            long silent = now - lastInbound;
            if (silent >= pingInterval.toMillis() + pingTimeout.toMillis()) {
                abandon(4000, "heartbeat timeout");
                dropped(1006, "no frame for " + silent + " ms", false);
            } else if (silent >= pingInterval.toMillis() && now - lastPing >= pingInterval.toMillis()) {
                lastPing = now;
                ObjectNode ping = JSON.createObjectNode().put("event", "ping");
                ping.putObject("data").put("client_time", now);
                send(ping);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Hands the gateway a fresh token from the supplier a while before the current one's {@code exp} (a fifth of its
     * remaining life, at most a minute), so the connection is not closed with 4003. A token without a readable
     * {@code exp} is not refreshed.
     */
    private void scheduleRefresh() {
        cancel(refreshTimer);
        Long expiresAt = tokenExpiryMillis(token);
        if (expiresAt == null) {
            return;
        }
        long remaining = expiresAt - System.currentTimeMillis();
        long delay = Math.max(0, remaining - Math.min(60_000, remaining / 5));
        refreshTimer = loop.schedule(this::refreshToken, delay, TimeUnit.MILLISECONDS);
    }

    private void refreshToken() {
        if (state != State.CONNECTED) {
            return;
        }
        String fresh;
        try {
            fresh = tokens.get();
        } catch (RuntimeException e) {
            listener.onError(new MarketStreamException("token_refresh_failed", "token supplier failed before the token expired: " + e));
            return;
        }
        Long current = tokenExpiryMillis(token);
        Long next = tokenExpiryMillis(fresh);
        if (next == null || (current != null && next <= current)) {
            listener.onError(new MarketStreamException("token_not_renewed", "the supplier gave no token that lasts longer than the "
                    + "current one; the gateway closes the connection (4003) when it expires and the client reconnects"));
            return;
        }
        refreshRequestId = nextRequestId();
        refreshingToken = fresh;
        ObjectNode frame = JSON.createObjectNode().put("event", "refresh").put("request_id", refreshRequestId);
        frame.putObject("data").put("token", fresh);
        send(frame);
    }

    /** The JWT's {@code exp} in ms since the epoch; null when the token is not a JWT with a numeric {@code exp}. */
    static Long tokenExpiryMillis(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode exp = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1])).path("exp");
            return exp.isNumber() ? exp.asLong() * 1000 : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void stopTimers() {
        cancel(watchdog);
        cancel(connectTimer);
        cancel(refreshTimer);
        bookRepairs.values().forEach(MarketStreamClient::cancel);
        bookRepairs.clear();
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void change(State next, int attemptNo, Duration delay, int code, String reason, boolean resumed, MarketStreamException error) {
        State previous = state;
        state = next;
        listener.onState(new StateChange(next, previous, url(), attemptNo, delay, code, reason, resumed, error));
    }

    // ---- frames (loop thread) ----

    private void onText(String text) {
        lastInbound = System.currentTimeMillis();
        ServerFrame frame;
        try {
            frame = ServerFrame.of(JSON.readTree(text));
        } catch (Exception e) {
            listener.onError(new MarketStreamException("malformed_frame", "unreadable frame: " + e.getMessage()));
            return;
        }
        switch (frame.event()) {
            case "market_data", "market_volume", "market_candle" -> onMarket(frame);
            case "market_orderbook" -> onBook(frame);
            case "portfolio_update", "trading_alert", "system_notification" -> onUser(frame);
            case "session" -> onSession(frame);
            case "subscribed", "unsubscribed" -> settle(frame);
            case "error" -> onError(frame);
            case "refreshed" -> {
                if (frame.requestId() != null && frame.requestId().equals(refreshRequestId)) {
                    token = refreshingToken;
                    refreshRequestId = null;
                    scheduleRefresh();
                }
            }
            default -> {
                // pong: the frame itself fed the watchdog
            }
        }
    }

    private void onSession(ServerFrame frame) {
        JsonNode data = frame.data();
        if (data.path("resumed").asBoolean(false)) {
            if (frame.requestId() != null && frame.requestId().equals(resumeRequestId)) {
                resumeRequestId = null;
                sessionId = data.path("session_id").asText();
                connected(true);
            }
            return;
        }
        greetingSessionId = data.path("session_id").asText();
        if (sessionId == null) {
            sessionId = greetingSessionId;
            connected(false);
            return;
        }
        resumeRequestId = nextRequestId();
        ObjectNode resume = JSON.createObjectNode().put("event", "resume").put("request_id", resumeRequestId);
        ObjectNode resumeData = resume.putObject("data").put("session_id", sessionId).put("last_seq", Math.max(0, lastUserSeq));
        if (lastBroadcastSeq >= 0) {
            resumeData.put("last_broadcast_seq", lastBroadcastSeq);
        }
        send(resume);
    }

    private void onError(ServerFrame frame) {
        JsonNode data = frame.data();
        String ref = data.hasNonNull("ref") ? data.get("ref").asText() : frame.requestId();
        MarketStreamException error = new MarketStreamException.ServerErrorException(data.path("code").asText(),
                data.path("message").asText(), data.hasNonNull("field") ? data.get("field").asText() : null);
        if (ref != null && ref.equals(refreshRequestId)) {
            refreshRequestId = null; // the old token stays: the gateway closes with 4003 at its expiry and the client reconnects
            listener.onError(error);
            return;
        }
        if (ref != null && ref.equals(resumeRequestId)) {
            resumeRequestId = null;
            if ("session_not_found".equals(error.code())) {
                sessionId = greetingSessionId; // expired: continue on the new session
                listener.onError(error);
                connected(false);
            } else {
                abandon(4000, "resume failed");
                dropped(1006, "resume failed: " + error.code(), false);
            }
            return;
        }
        Pending request = ref == null ? null : pending.remove(ref);
        if (request != null) {
            request.answer().completeExceptionally(error);
        } else {
            listener.onError(error);
        }
    }

    private void onUser(ServerFrame frame) {
        if ("broadcast".equals(frame.stream())) {
            lastBroadcastSeq = Math.max(lastBroadcastSeq, frame.seq());
        } else {
            lastUserSeq = Math.max(lastUserSeq, frame.seq());
        }
        String id = frame.data().path("event_id").asText(null);
        if (id != null && !delivered.add(id)) {
            duplicatesDropped++;
            return;
        }
        if (delivered.size() > 10_000) {
            delivered.remove(delivered.iterator().next());
        }
        listener.onUserEvent(frame);
    }

    private void onMarket(ServerFrame frame) {
        Long previous = marketSeqs.get(frame.stream());
        if (!frame.snapshot() && previous != null && frame.seq() <= previous) {
            return;
        }
        marketSeqs.put(frame.stream(), frame.seq());
        if (!frame.snapshot() && previous != null && frame.seq() > previous + 1) {
            listener.onGap(new Gap(frame.symbol(), frame.stream(), "superseded", previous + 1, frame.seq()));
        }
        listener.onMarket(frame);
    }

    private void onBook(ServerFrame frame) {
        String symbol = frame.symbol();
        OrderBook book = books.computeIfAbsent(symbol, OrderBook::new);
        long expected = book.bookSeq() + 1;
        switch (book.apply(frame.data())) {
            case APPLIED -> listener.onOrderBook(frame, book);
            case GAP -> {
                listener.onGap(new Gap(symbol, frame.stream(), "book", expected, frame.data().path("book_seq").asLong()));
                repairBook(symbol);
            }
            case IGNORED -> {
                if (!book.synced()) {
                    repairBook(symbol);
                }
            }
        }
    }

    /** Waits for the snapshot after a gap; if none comes in time, asks for one by subscribing the book anew. */
    private void repairBook(String symbol) {
        if (bookRepairs.containsKey(symbol)) {
            return;
        }
        bookRepairs.put(symbol, loop.schedule(() -> {
            bookRepairs.remove(symbol);
            OrderBook book = books.get(symbol);
            MarketSub sub = marketSubs.get(symbol + ":orderbook");
            if (book == null || book.synced() || sub == null || state != State.CONNECTED) {
                return;
            }
            // A subscribe of a stream the connection has is answered without a snapshot: end the stream, then start it again.
            ObjectNode unsubscribe = marketFrame(List.of(symbol), List.of("orderbook"), null).put("event", "unsubscribe_market_data");
            send(unsubscribe);
            send(marketFrame(List.of(symbol), List.of("orderbook"), sub.maxFrequency()));
            repairBook(symbol);
        }, bookRepairTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    // ---- requests (any thread in, loop thread inside) ----

    private CompletableFuture<JsonNode> request(String event, ObjectNode data, Runnable apply) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        loop.execute(() -> {
            if (state == State.CLOSED || state == State.FAILED) {
                answer.completeExceptionally(new MarketStreamException("closed", "the client is " + state));
                return;
            }
            ObjectNode frame = JSON.createObjectNode().put("event", event).put("request_id", nextRequestId());
            frame.set("data", data);
            pending.put(frame.get("request_id").asText(), new Pending(frame, apply, answer));
            if (state == State.CONNECTED) {
                send(frame);
            }
        });
        return answer;
    }

    private void settle(ServerFrame frame) {
        Pending request = frame.requestId() == null ? null : pending.remove(frame.requestId());
        if (request != null) {
            request.apply().run();
            request.answer().complete(frame.data());
        }
    }

    private void failPending(MarketStreamException error) {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        all.forEach(p -> p.answer().completeExceptionally(error));
    }

    /** After a session that could not be resumed: subscribes again to everything acknowledged before. */
    private void restoreSubscriptions() {
        Map<String, List<String>> bySymbol = new LinkedHashMap<>();
        Map<String, Integer> frequency = new HashMap<>();
        marketSubs.values().forEach(sub -> {
            bySymbol.computeIfAbsent(sub.symbol(), s -> new ArrayList<>()).add(sub.type());
            frequency.put(sub.symbol(), sub.maxFrequency());
        });
        bySymbol.forEach((symbol, types) -> send(marketFrame(List.of(symbol), types, frequency.get(symbol))));
        otherSubs.forEach((key, data) -> {
            ObjectNode frame = JSON.createObjectNode().put("event", key.equals("alerts") ? "subscribe_alerts" : "subscribe_portfolio")
                    .put("request_id", nextRequestId());
            frame.set("data", data);
            send(frame);
        });
    }

    private ObjectNode marketFrame(List<String> symbols, List<String> types, Integer maxFrequency) {
        ObjectNode frame = JSON.createObjectNode().put("event", "subscribe_market_data").put("request_id", nextRequestId());
        ObjectNode data = frame.putObject("data");
        data.set("symbols", JSON.valueToTree(symbols));
        data.set("data_types", JSON.valueToTree(types));
        if (maxFrequency != null) {
            data.put("max_frequency", maxFrequency);
        }
        return frame;
    }

    /** Sends in order: java.net.http allows one outstanding send per socket. */
    private void send(ObjectNode frame) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        String text = frame.toString();
        sends = sends.handle((v, e) -> null).thenCompose(v -> ws.sendText(text, true));
    }

    private String nextRequestId() {
        return "j" + Integer.toString(++requests, 36);
    }

    /** The WebSocket's callbacks, handed to the loop thread; those of an abandoned connection are ignored. */
    private final class Handler implements WebSocket.Listener {
        private final int connection;
        private final StringBuilder partial = new StringBuilder();

        Handler(int connection) {
            this.connection = connection;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            loop.execute(() -> {
                if (connection == generation) {
                    socket = webSocket;
                    sends = CompletableFuture.completedFuture(null);
                }
            });
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                loop.execute(() -> {
                    if (connection == generation) {
                        MarketStreamClient.this.onText(text);
                    }
                });
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            loop.execute(() -> {
                if (connection == generation) {
                    dropped(statusCode, reason, false);
                }
            });
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            loop.execute(() -> {
                if (connection == generation) {
                    dropped(1006, String.valueOf(error), false);
                }
            });
        }
    }

    /** Options of a client. */
    public static final class Builder {
        private final List<URI> urls;
        private Supplier<String> tokens;
        private ReconnectPolicy policy = ReconnectPolicy.DEFAULT;
        private Duration pingInterval = Duration.ofSeconds(15);
        private Duration pingTimeout = Duration.ofSeconds(10);
        private Duration bookRepairTimeout = Duration.ofSeconds(3);
        private MarketStreamListener listener = new MarketStreamListener() {
        };

        private Builder(List<URI> urls) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("at least one gateway URL is needed");
            }
            this.urls = urls;
        }

        public Builder token(String token) {
            return token(() -> token);
        }

        /**
         * Asked before every connection attempt (a fresh token per reconnect), and a while before the current token's
         * {@code exp} to hand the gateway a fresh one with {@code refresh}, so the connection outlives its token.
         */
        public Builder token(Supplier<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        public Builder reconnect(ReconnectPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** A ping after {@code interval} without frames; given up after {@code interval + timeout} without any. */
        public Builder heartbeat(Duration interval, Duration timeout) {
            this.pingInterval = interval;
            this.pingTimeout = timeout;
            return this;
        }

        public Builder bookRepairTimeout(Duration timeout) {
            this.bookRepairTimeout = timeout;
            return this;
        }

        public Builder listener(MarketStreamListener listener) {
            this.listener = listener;
            return this;
        }

        public MarketStreamClient build() {
            return new MarketStreamClient(this);
        }
    }
}
