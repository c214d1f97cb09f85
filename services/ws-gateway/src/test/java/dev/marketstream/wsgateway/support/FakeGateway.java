package dev.marketstream.wsgateway.support;

import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.EventBackfill;
import dev.marketstream.wsgateway.domain.FanOut;
import dev.marketstream.wsgateway.domain.FrameGuard;
import dev.marketstream.wsgateway.domain.GatewayService;
import dev.marketstream.wsgateway.domain.GatewaySettings;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.HistorySeam;
import dev.marketstream.wsgateway.domain.Lane;
import dev.marketstream.wsgateway.domain.MarketFrame;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.OrderBooks;
import dev.marketstream.wsgateway.domain.Outbox;
import dev.marketstream.wsgateway.domain.RequestHandler;
import dev.marketstream.wsgateway.domain.StreamKey;
import dev.marketstream.wsgateway.domain.SubscriptionIndex;
import dev.marketstream.wsgateway.domain.TokenLifetimes;
import dev.marketstream.wsgateway.domain.UserEvent;
import dev.marketstream.wsgateway.protocol.ClientFrame;
import dev.marketstream.wsgateway.protocol.ClientFrameParser;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import dev.marketstream.wsgateway.protocol.ServerFrames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's domain wired to a fake of every port, the way {@code GatewayBeans} wires it to Redis, Kafka and
 * PostgreSQL: one lane that runs tasks at once, a wall clock fixed at {@link #SERVER_TIME}, a nanosecond clock that
 * moves only with {@link #advance}, and small limits. One per test.
 */
public final class FakeGateway {

    /** What the domain's wall clock says (ms since the epoch): the {@code server_time} of every pong. */
    public static final long SERVER_TIME = 1_700_000_000_000L;
    private static final EventCodec CODEC = new EventCodec();

    /**
     * 3 symbols a request, 6 streams a connection, 10 updates/s; 20 frames/s (burst 40), 5 rejections in 10 s is abuse;
     * 2 connections per user.
     */
    public final GatewaySettings settings = new GatewaySettings(3, 6, 10,
            new Outbox.Limits(100, Duration.ofSeconds(30).toNanos()),
            new FrameGuard.Limits(20, 40, 5, Duration.ofSeconds(10).toNanos()),
            Duration.ofMinutes(2), Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(30), 50, 2);
    public final GatewayStats stats = new GatewayStats();
    public final FakeMarketSnapshots snapshots = new FakeMarketSnapshots();
    public final FakeSessionStore sessions = new FakeSessionStore();
    public final FakeEventHistory history = new FakeEventHistory();
    public final EventBackfill backfill = new EventBackfill(history, settings.maxReplay(), stats);
    public final FakeUserEventFeed userFeed = new FakeUserEventFeed();
    public final FakeConnectionJournal journal = new FakeConnectionJournal();
    public final FakePersistentSubscriptions persistent = new FakePersistentSubscriptions();
    public final FakeCandleHistory candles = new FakeCandleHistory();
    public final FakeLane lane = new FakeLane();
    public final SubscriptionIndex index = new SubscriptionIndex();
    public final FanOut fanOut;
    public final ServerFrames frames = new ServerFrames(CODEC.mapper());
    public final ClientFrameParser parser = new ClientFrameParser(CODEC.mapper(), 8192);
    public final RequestHandler requests;
    public final GatewayService gateway;
    private final AtomicLong nanos = new AtomicLong(1);
    /** The domain's epoch-second clock, for token lifetimes: moves only with {@link #advanceEpochSeconds}. */
    private final AtomicLong epochSeconds = new AtomicLong(SERVER_TIME / 1000);
    public final FakeTokens tokens = new FakeTokens();
    public final TokenLifetimes lifetimes = new TokenLifetimes(epochSeconds::get);
    /** How long a subscribe's history waits for the stored bars to reach the live ones: in the fake's time, see {@link #advance}. */
    public static final Duration HISTORY_WAIT = Duration.ofSeconds(3);
    private long eventIds;

    /** A connection: its session and the socket it writes to. */
    public record Connection(ClientSession session, FakeConnectionSink sink) {
    }

    public FakeGateway() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(SERVER_TIME), ZoneOffset.UTC);
        fanOut = new FanOut(index, stats, clock);
        HistorySeam seam = new HistorySeam(candles, snapshots, fanOut, nanos::get, new HistorySeam.Timing(HISTORY_WAIT, Duration.ofMillis(200)));
        requests = new RequestHandler(settings, index, fanOut, new OrderBooks(stats), snapshots, sessions, backfill, journal, seam, clock);
        gateway = new GatewayService(settings, parser, frames, stats, nanos::get, sessions, userFeed, journal, persistent, requests,
                backfill, tokens, lifetimes);
    }

    /** A connection opened through {@link GatewayService#open}, from 10.0.0.1. */
    public Connection open(String connectionId, String userId) {
        return open(connectionId, userId, lane);
    }

    public Connection open(String connectionId, String userId, Lane on) {
        return open(connectionId, userId, Long.MAX_VALUE, on);
    }

    /** A connection whose token is refused from {@code tokenRefusedFrom} (epoch seconds) on. */
    public Connection open(String connectionId, String userId, long tokenRefusedFrom, Lane on) {
        FakeConnectionSink sink = new FakeConnectionSink();
        return new Connection(gateway.open(connectionId, userId, tokenRefusedFrom, on, sink, "10.0.0.1"), sink);
    }

    /** The domain's epoch-second clock now. */
    public long epochSecond() {
        return epochSeconds.get();
    }

    /** Moves the epoch-second clock. */
    public void advanceEpochSeconds(long seconds) {
        epochSeconds.addAndGet(seconds);
    }

    /** A session made as the gateway makes one but without opening it (nothing is sent or saved), for driving it alone. */
    public Connection session(String connectionId, String userId, String sessionId) {
        FakeConnectionSink sink = new FakeConnectionSink();
        Outbox outbox = new Outbox(sink, lane, settings.outbound(), stats, nanos::get);
        ClientSession session = new ClientSession(connectionId, userId, sessionId, lane, outbox, frames,
                new FrameGuard(settings.inbound(), nanos.get()), backfill, nanos.get());
        return new Connection(session, sink);
    }

    public ClientFrame parse(String json) {
        return parser.parse(json);
    }

    /** Moves the nanosecond clock. */
    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** A price record of the symbol, newer than every record made before; {@code data} is {@code {"symbol":..,"price":..}}. */
    public MarketUpdate price(String symbol, String price) {
        return update(DataType.PRICE, symbol, "\"price\":" + price);
    }

    /** A volume record of the symbol, newer than every record made before; {@code data} is {@code {"symbol":..,"volume":..}}. */
    public MarketUpdate volume(String symbol, long volume) {
        return update(DataType.VOLUME, symbol, "\"volume\":" + volume);
    }

    private MarketUpdate update(DataType type, String symbol, String field) {
        long id = ++eventIds;
        return new MarketUpdate(new StreamKey(symbol, type), "", new UUID(0, id), SERVER_TIME * 1_000_000 + id,
                "{\"symbol\":\"" + symbol + "\"," + field + "}");
    }

    /** What the market feed does with a poll of records. */
    public void publish(MarketUpdate... updates) {
        fanOut.publish(List.of(updates));
    }

    /** A record as the fan-out frames it, with the given per-stream {@code seq}. */
    public static MarketFrame frame(MarketUpdate update, long seq) {
        String json = ServerFrames.market(update.stream().type().serverEvent(), update.stream().wireName(), seq, false, update.dataJson());
        return new MarketFrame(update, seq, update.conflationKey(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** A trading alert of the given type; {@code data} is {@code {"message":..}}. */
    public static UserEvent alert(String type, String message) {
        return new UserEvent(ServerEvent.TRADING_ALERT, "{\"message\":\"" + message + "\"}", null, type);
    }

    /** A portfolio update of the given portfolio and update type; {@code data} is {@code {"portfolio_id":..}}. */
    public static UserEvent portfolio(String portfolioId, String updateType) {
        return new UserEvent(ServerEvent.PORTFOLIO_UPDATE, "{\"portfolio_id\":\"" + portfolioId + "\"}", portfolioId, updateType);
    }

    /** A system notification; {@code data} is {@code {"message":..}}. */
    public static UserEvent notification(String message) {
        return new UserEvent(ServerEvent.SYSTEM_NOTIFICATION, "{\"message\":\"" + message + "\"}", null, null);
    }
}
