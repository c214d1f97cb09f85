package dev.marketstream.wsgateway.redis;

import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.GatewayService;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.UserEvent;
import io.opentelemetry.api.trace.Span;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Live user events over Redis Pub/Sub on one dedicated connection per pod: the pod subscribes to
 * {@code ms:deliver:user:{id}} while it holds a connection of that user, and always to the broadcast
 * channel. Messages are {@code {"seq": n, "traceparent"?: …, "event": <envelope>}} and go to each of the user's
 * sessions through its lane. A message with a sampled {@code traceparent} gets a span until it is handed to the lanes,
 * and its frames name the trace ({@code trace_id}); the others cost one field lookup.
 */
public final class RedisUserEventFeed implements Ports.UserEventFeed {

    private static final Logger LOG = Logger.getLogger(RedisUserEventFeed.class);
    private static final String USER_CHANNEL_PREFIX = RedisKeys.userChannel("");
    /** The destination named in delivery spans: the channel family, not one user's channel. */
    private static final String DELIVERY_CHANNELS = "ms:deliver";

    private final Redis redis;
    private final String clientName;
    private final EventMapping mapping;
    private final GatewayStats stats;
    private final Supplier<GatewayService> gateway;
    private final RecordTracing tracing;
    private final Map<String, Set<ClientSession>> byUser = new ConcurrentHashMap<>();
    private volatile RedisConnection connection;
    private volatile boolean stopped;
    /** Whether a connection subscribed before: the next one is a reconnect. Written on the connecting thread only. */
    private volatile boolean subscribedBefore;

    public RedisUserEventFeed(Redis redis, String clientName, EventMapping mapping, GatewayStats stats,
            Supplier<GatewayService> gateway, RecordTracing tracing) {
        this.redis = redis;
        this.clientName = clientName;
        this.mapping = mapping;
        this.stats = stats;
        this.gateway = gateway;
        this.tracing = tracing;
    }

    /** The Pub/Sub connection's name in Redis' {@code CLIENT LIST} (no spaces: Redis refuses them). */
    public static String clientName(String podId) {
        return "ms-gateway-feed:" + podId.replace(' ', '_');
    }

    /**
     * Opens the Pub/Sub connection, named {@code clientName} in Redis' {@code CLIENT LIST}, and subscribes to the
     * broadcast channel and every local user's channel in one command. After a reconnect, once subscribed, every
     * connection fetches from the history what was published while the pod was not subscribed.
     */
    public void start() {
        redis.connect().subscribe().with(conn -> {
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> LOG.warnf("user-event Pub/Sub connection failed: %s", e.getMessage()));
            conn.endHandler(this::reconnect);
            conn.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(clientName)).subscribe().with(ok -> { }, this::commandFailed);
            connection = conn;
            Request subscribe = Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.BROADCAST_CHANNEL);
            byUser.keySet().forEach(user -> subscribe.arg(RedisKeys.userChannel(user)));
            boolean resubscribed = subscribedBefore;
            subscribedBefore = true;
            conn.send(subscribe).subscribe().with(ok -> {
                LOG.infof("user-event feed subscribed to %s and %d user channels", RedisKeys.BROADCAST_CHANNEL, byUser.size());
                if (resubscribed) {
                    catchUpAll();
                }
            }, this::commandFailed);
        }, failure -> {
            LOG.warnf("cannot open the user-event Pub/Sub connection: %s", failure.getMessage());
            reconnect();
        });
    }

    /** Events published while the pod was not subscribed reached no session: each fetches them from the history. */
    private void catchUpAll() {
        for (ClientSession session : gateway.get().sessions()) {
            session.lane().execute(() -> {
                session.userEvents().catchUp();
                session.broadcasts().catchUp();
            });
        }
    }

    private void commandFailed(Throwable failure) {
        stats.errors.increment();
        LOG.warnf("user-event Pub/Sub command failed: %s", failure.getMessage());
    }

    private void reconnect() {
        connection = null;
        if (!stopped) {
            io.smallrye.mutiny.Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(1))
                    .subscribe().with(v -> start());
        }
    }

    public void stop() {
        stopped = true;
        RedisConnection conn = connection;
        if (conn != null) {
            conn.closeAndForget();
        }
    }

    public boolean connected() {
        return connection != null;
    }

    @Override
    public void attach(ClientSession session) {
        byUser.compute(session.userId(), (user, sessions) -> {
            if (sessions == null) {
                sessions = ConcurrentHashMap.newKeySet();
                send(Command.SUBSCRIBE, RedisKeys.userChannel(user));
            }
            sessions.add(session);
            return sessions;
        });
    }

    @Override
    public void detach(ClientSession session) {
        byUser.computeIfPresent(session.userId(), (user, sessions) -> {
            sessions.remove(session);
            if (sessions.isEmpty()) {
                send(Command.UNSUBSCRIBE, RedisKeys.userChannel(user));
                return null;
            }
            return sessions;
        });
    }

    private void send(Command command, String channel) {
        RedisConnection conn = connection;
        if (conn != null) {
            conn.send(Request.cmd(command).arg(channel)).subscribe().with(ok -> { }, e -> {
                stats.errors.increment();
                LOG.warnf("%s %s failed: %s", command, channel, e.getMessage());
            });
        }
    }

    private void onMessage(Response response) {
        if (response.size() < 3 || !"message".equals(response.get(0).toString())) {
            return;
        }
        String channel = response.get(1).toString();
        EventMapping.Delivery delivery;
        try {
            delivery = mapping.delivery(response.get(2).toString());
        } catch (RuntimeException e) {
            stats.errors.increment();
            LOG.debugf("skipping unreadable message on %s: %s", channel, e.getMessage());
            return;
        }
        stats.eventsProcessed.increment();
        Span span = tracing.startProcess("redis", DELIVERY_CHANNELS, delivery.traceparent());
        if (span == null) {
            dispatch(channel, delivery, delivery.event());
            return;
        }
        try {
            dispatch(channel, delivery, delivery.event().withTraceId(span.getSpanContext().getTraceId()));
        } finally {
            span.end();
        }
    }

    /** Hands {@code event} (the delivery's, with its trace id when traced) to the lane of each session the channel reaches. */
    private void dispatch(String channel, EventMapping.Delivery delivery, UserEvent event) {
        long seq = delivery.seq();
        if (RedisKeys.BROADCAST_CHANNEL.equals(channel)) {
            for (ClientSession session : gateway.get().sessions()) {
                session.lane().execute(() -> session.broadcasts().live(seq, event));
            }
            recordLatency(delivery);
        } else if (channel.startsWith(USER_CHANNEL_PREFIX)) {
            Set<ClientSession> sessions = byUser.get(channel.substring(USER_CHANNEL_PREFIX.length()));
            if (sessions != null) {
                for (ClientSession session : sessions) {
                    session.lane().execute(() -> session.userEvents().live(seq, event));
                }
                recordLatency(delivery);
            }
        }
    }

    /** Published to handed to the connections' lanes, once per event (not per connection). */
    private void recordLatency(EventMapping.Delivery delivery) {
        stats.recordUserEventLatencyMicros(delivery.event().event(), ChronoUnit.MICROS.between(delivery.published(), Instant.now()));
    }
}
