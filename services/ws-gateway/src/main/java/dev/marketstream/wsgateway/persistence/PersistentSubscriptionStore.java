package dev.marketstream.wsgateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.wsgateway.domain.Batcher;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.SessionState;
import dev.marketstream.wsgateway.protocol.ClientEvent;
import dev.marketstream.wsgateway.protocol.ClientFrameParser;
import dev.marketstream.wsgateway.protocol.ClientRequest;
import dev.marketstream.wsgateway.protocol.DataType;
import dev.marketstream.wsgateway.protocol.ErrorCode;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.wsgateway.protocol.StreamType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Persistent subscriptions of the REST API: validated like the WebSocket requests they stand for,
 * stored in {@code stream_subscriptions} with {@code persistent = true}, applied on every connect. The per-connect
 * lookups ({@link #forUser}) are batched: the users asked within a few milliseconds, up to a few hundred, are read by
 * one query in one reactive session ({@link #lookups}), so a connect storm costs a few hundred queries, not one
 * session and query per connection.
 */
public final class PersistentSubscriptionStore implements Ports.PersistentSubscriptions {

    private static final Logger LOG = Logger.getLogger(PersistentSubscriptionStore.class);

    /** The stream types a persistent subscription may have, with the WebSocket request each stands for. */
    public static final Map<String, ClientEvent> STREAM_TYPES = Map.of(
            StreamType.MARKET_DATA.wireName(), ClientEvent.SUBSCRIBE_MARKET_DATA,
            StreamType.PORTFOLIO.wireName(), ClientEvent.SUBSCRIBE_PORTFOLIO,
            StreamType.ALERTS.wireName(), ClientEvent.SUBSCRIBE_ALERTS);

    private final ClientFrameParser parser;
    private final ObjectMapper mapper;
    private final Ports.MarketSnapshots snapshots;
    private final Vertx vertx;
    private final GatewayStats stats;
    private final Batcher<String, String, SessionState> lookups;

    public PersistentSubscriptionStore(ClientFrameParser parser, ObjectMapper mapper, Ports.MarketSnapshots snapshots, Vertx vertx,
            GatewayStats stats, Batcher.Limits batching, Batcher.Timer timer) {
        this.parser = parser;
        this.mapper = mapper;
        this.snapshots = snapshots;
        this.vertx = vertx;
        this.stats = stats;
        this.lookups = new Batcher<>("stored-subscription lookups", batching, timer, this::lookUp);
    }

    /** The batches of {@link #forUser}, with their counters. */
    public Batcher<?, ?, ?> lookups() {
        return lookups;
    }

    /**
     * Checks a subscription's parameters; fails with a {@link ProtocolException} whose field is named
     * under {@code parameters} (or is {@code stream_type}).
     */
    public Uni<ClientRequest> validate(String streamType, JsonNode parameters) {
        ClientEvent event = streamType == null ? null : STREAM_TYPES.get(streamType);
        if (event == null) {
            return Uni.createFrom().failure(new ProtocolException(ErrorCode.INVALID_FIELD, "stream_type",
                    "must be one of alerts, market_data, portfolio but was " + (streamType == null ? "missing" : "'" + streamType + "'")));
        }
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            return Uni.createFrom().failure(new ProtocolException(ErrorCode.INVALID_FIELD, "parameters", "must be a JSON object"));
        }
        ClientRequest request;
        try {
            request = parser.request(parameters == null || parameters.isNull() ? mapper.createObjectNode() : parameters, event);
        } catch (ProtocolException e) {
            return Uni.createFrom().failure(new ProtocolException(e.code(), e.field().replaceFirst("^data", "parameters"), e.getMessage()));
        }
        if (request instanceof ClientRequest.SubscribeMarketData market) {
            return snapshots.unknownSymbols(market.symbols()).map(unknown -> {
                if (!unknown.isEmpty()) {
                    throw new ProtocolException(ErrorCode.UNKNOWN_SYMBOL, "parameters.symbols", "unknown symbols: " + String.join(", ", unknown));
                }
                return request;
            });
        }
        return Uni.createFrom().item(request);
    }

    /** Stores a validated subscription; runs inside the caller's reactive session. */
    public Uni<SubscriptionRecord> create(String userId, String streamType, ClientRequest request) {
        SubscriptionRecord record = new SubscriptionRecord();
        record.id = UUID.randomUUID();
        record.userId = userId;
        record.streamType = streamType;
        record.parameters = mapper.valueToTree(request).toString();
        record.persistent = true;
        record.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return record.<SubscriptionRecord>persist();
    }

    public Uni<List<SubscriptionRecord>> list(String userId) {
        return SubscriptionRecord.list("userId = ?1 and persistent = true and removedAt is null order by createdAt", userId);
    }

    /** Removes the caller's subscription; false when there is none with this id for this user. */
    public Uni<Boolean> delete(String userId, UUID id) {
        return SubscriptionRecord.update("removedAt = ?1 where id = ?2 and userId = ?3 and persistent = true and removedAt is null",
                OffsetDateTime.now(ZoneOffset.UTC), id, userId).map(count -> count > 0);
    }

    /** Parses the per-connect query once at startup (see {@link ConnectionJournalWriter#warmUp()}). */
    public Uni<Void> warmUp() {
        return Panache.withSession(() -> listAll(List.of(""))).replaceWithVoid();
    }

    @Override
    public Uni<SessionState> forUser(String userId) {
        return lookups.submit(userId, userId);
    }

    /** One batch of {@link #forUser}: every user's stored subscriptions by one query, merged per user. */
    private Uni<Map<String, SessionState>> lookUp(Map<String, String> users) {
        List<String> ids = List.copyOf(users.keySet());
        return SafeContext.run(vertx, () -> Panache.withSession(() -> listAll(ids))).map(records -> {
            Map<String, List<SubscriptionRecord>> byUser = new HashMap<>();
            records.forEach(record -> byUser.computeIfAbsent(record.userId, user -> new ArrayList<>()).add(record));
            Map<String, SessionState> merged = new HashMap<>();
            ids.forEach(user -> merged.put(user, merge(byUser.getOrDefault(user, List.of()))));
            return merged;
        });
    }

    private static Uni<List<SubscriptionRecord>> listAll(List<String> userIds) {
        return SubscriptionRecord.list("userId in ?1 and persistent = true and removedAt is null order by createdAt", userIds);
    }

    private SessionState merge(List<SubscriptionRecord> records) {
        List<SessionState.MarketStream> market = new ArrayList<>();
        Map<String, Set<String>> portfolios = new HashMap<>();
        Set<String> alertTypes = new HashSet<>();
        boolean alerts = false;
        for (SubscriptionRecord record : records) {
            ClientRequest request;
            try {
                request = parser.request(mapper.readTree(record.parameters), STREAM_TYPES.get(record.streamType));
            } catch (JsonProcessingException | RuntimeException e) {
                // a row an older gateway wrote in a form this one refuses: the user's other subscriptions still apply
                stats.errors.increment();
                LOG.warnf("skipping stored subscription %s (%s) of user %s: %s", record.id, record.streamType, record.userId,
                        e.getMessage());
                continue;
            }
            if (request instanceof ClientRequest.SubscribeMarketData m) {
                for (String symbol : m.symbols()) {
                    for (DataType type : m.types()) {
                        market.add(new SessionState.MarketStream(symbol, type.wireName(), m.maxFrequency()));
                    }
                }
            } else if (request instanceof ClientRequest.SubscribePortfolio p) {
                portfolios.put(p.portfolioId(), Set.copyOf(p.updateTypes()));
            } else if (request instanceof ClientRequest.SubscribeAlerts a) {
                alerts = true;
                alertTypes.addAll(a.alertTypes());
            }
        }
        return new SessionState(null, market, portfolios, alertTypes, alerts);
    }
}
