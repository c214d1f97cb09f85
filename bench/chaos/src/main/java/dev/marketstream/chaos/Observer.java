package dev.marketstream.chaos;

import dev.marketstream.client.MarketStreamClient;
import dev.marketstream.client.MarketStreamListener;
import dev.marketstream.client.ReconnectPolicy;
import dev.marketstream.client.ServerFrame;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One user's app, as users run it: the Java SDK connected to both gateway pods (its own first), subscribed to some
 * symbols' prices and to its trading alerts. It records when each alert id arrived, and, after {@link #mark}, when the
 * first market update made after the mark and the first alert published after it arrived: how long the platform
 * took to serve this user again. Listener methods run on the SDK's one thread.
 */
final class Observer implements MarketStreamListener {

    final String user;
    private final Map<String, Long> publishedAt;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger marketGaps = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile long markMillis = Long.MAX_VALUE;
    private final AtomicLong freshMarketAt = new AtomicLong();
    private final AtomicLong freshAlertAt = new AtomicLong();
    private MarketStreamClient client;

    /** {@code publishedAt}: alert id → publish time (ms), shared with the publisher. */
    Observer(String user, Map<String, Long> publishedAt) {
        this.user = user;
        this.publishedAt = publishedAt;
    }

    void connect(List<URI> gateways, Supplier<String> token, List<String> symbols) throws Exception {
        client = MarketStreamClient.builder(gateways.toArray(URI[]::new)).token(token)
                .reconnect(ReconnectPolicy.DEFAULT).listener(this).build();
        client.connect().get(90, TimeUnit.SECONDS);
        client.subscribeAlerts().get(90, TimeUnit.SECONDS);
        client.subscribeMarketData(symbols, List.of("price"), null).get(90, TimeUnit.SECONDS);
    }

    /** From now on, look for the first fresh market update and the first fresh alert. */
    void mark(long millis) {
        freshMarketAt.set(0);
        freshAlertAt.set(0);
        markMillis = millis;
    }

    /** Milliseconds from the mark to the first market update made after it, or -1 if none came yet. */
    long marketRecoveryMillis() {
        long at = freshMarketAt.get();
        return at == 0 ? -1 : at - markMillis;
    }

    /** Milliseconds from the mark to the first alert published after it, or -1 if none came yet. */
    long alertRecoveryMillis() {
        long at = freshAlertAt.get();
        return at == 0 ? -1 : at - markMillis;
    }

    boolean received(String alertId) {
        return arrivals.containsKey(alertId);
    }

    int duplicates() {
        return client.duplicatesDropped();
    }

    int marketGaps() {
        return marketGaps.get();
    }

    int reconnects() {
        return reconnects.get();
    }

    MarketStreamClient.State state() {
        return client.state();
    }

    void close() {
        client.close();
    }

    @Override
    public void onMarket(ServerFrame frame) {
        if (frame.snapshot() || freshMarketAt.get() != 0) {
            return;
        }
        long now = System.currentTimeMillis();
        if (Instant.parse(frame.data().path("timestamp").asText()).toEpochMilli() >= markMillis) {
            freshMarketAt.compareAndSet(0, now);
        }
    }

    @Override
    public void onUserEvent(ServerFrame frame) {
        long now = System.currentTimeMillis();
        String id = frame.data().path("alert_id").asText();
        arrivals.putIfAbsent(id, now);
        Long published = publishedAt.get(id);
        if (published != null && published >= markMillis) {
            freshAlertAt.compareAndSet(0, now);
        }
    }

    @Override
    public void onGap(MarketStreamClient.Gap gap) {
        marketGaps.incrementAndGet();
    }

    @Override
    public void onState(MarketStreamClient.StateChange change) {
        if (change.state() == MarketStreamClient.State.RECONNECTING && change.attempt() == 1) {
            reconnects.incrementAndGet();
        }
    }
}
