package dev.marketstream.gateway.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.gateway.domain.ClientSession;
import dev.marketstream.gateway.domain.Ports;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Records connections and their subscriptions in PostgreSQL without ever writing per market message:
 * lifecycle events are queued and written by {@link #flush()} in one transaction per interval, and
 * heartbeats are one UPDATE for all open connections of the pod ({@link #heartbeat}).
 */
public final class ConnectionJournalWriter implements Ports.ConnectionJournal {

    private static final Logger LOG = Logger.getLogger(ConnectionJournalWriter.class);
    /** Most queued operations; past it new ones are dropped (and counted) rather than growing memory. */
    static final int MAX_QUEUED = 200_000;
    static final int MAX_BATCH = 2_000;

    private final String podId;
    private final ObjectMapper mapper;
    private final Queue<Supplier<Uni<?>>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    public final LongAdder droppedWrites = new LongAdder();
    public final LongAdder failedBatches = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>(CompletableFuture.completedFuture(null));

    public ConnectionJournalWriter(String podId, ObjectMapper mapper) {
        this.podId = podId;
        this.mapper = mapper;
    }

    @Override
    public void opened(ClientSession session, String remoteAddress) {
        ConnectionRecord record = new ConnectionRecord();
        record.id = session.connectionId();
        record.userId = session.userId();
        record.sessionId = session.sessionId();
        record.podId = podId;
        record.remoteAddress = remoteAddress;
        record.status = "connected";
        record.connectedAt = now();
        record.lastHeartbeatAt = record.connectedAt;
        enqueue(record::persist);
    }

    @Override
    public void subscribed(ClientSession session, String streamType, String parameters) {
        SubscriptionRecord record = new SubscriptionRecord();
        record.id = UUID.randomUUID();
        record.userId = session.userId();
        record.connectionId = session.connectionId();
        record.streamType = streamType;
        record.parameters = parameters;
        record.persistent = false;
        record.createdAt = now();
        enqueue(record::persist);
    }

    @Override
    public void unsubscribed(ClientSession session, String streamType, String parameters) {
        String connectionId = session.connectionId();
        OffsetDateTime at = now();
        enqueue(() -> SubscriptionRecord.<SubscriptionRecord>list("connectionId = ?1 and streamType = ?2 and removedAt is null",
                connectionId, streamType).chain(rows -> close(rows, read(parameters), at)));
    }

    /** Closes the rows the unsubscribe covers; a market row losing only some symbols is replaced by one with the rest. */
    private Uni<Void> close(List<SubscriptionRecord> rows, JsonNode unsubscribe, OffsetDateTime at) {
        Set<String> gone = texts(unsubscribe.path("symbols"));
        String portfolio = unsubscribe.path("portfolio_id").asText(null);
        List<SubscriptionRecord> replacements = new ArrayList<>();
        for (SubscriptionRecord row : rows) {
            JsonNode params = read(row.parameters);
            if ("market_data".equals(row.streamType)) {
                Set<String> symbols = texts(params.path("symbols"));
                if (symbols.stream().noneMatch(gone::contains)) {
                    continue;
                }
                symbols.removeAll(gone);
                if (!symbols.isEmpty()) {
                    replacements.add(withSymbols(row, (ObjectNode) params, symbols, at));
                }
            } else if ("portfolio".equals(row.streamType) && portfolio != null && !portfolio.equals(params.path("portfolio_id").asText())) {
                continue;
            }
            row.removedAt = at;
        }
        return replacements.isEmpty() ? Uni.createFrom().voidItem() : SubscriptionRecord.persist(replacements);
    }

    private SubscriptionRecord withSymbols(SubscriptionRecord row, ObjectNode params, Set<String> symbols, OffsetDateTime at) {
        ArrayNode remaining = params.putArray("symbols");
        symbols.forEach(remaining::add);
        SubscriptionRecord copy = new SubscriptionRecord();
        copy.id = UUID.randomUUID();
        copy.userId = row.userId;
        copy.connectionId = row.connectionId;
        copy.streamType = row.streamType;
        copy.parameters = params.toString();
        copy.createdAt = at;
        return copy;
    }

    @Override
    public void closed(ClientSession session, int code, String reason) {
        String connectionId = session.connectionId();
        OffsetDateTime at = now();
        String shortReason = reason == null ? null : reason.substring(0, Math.min(200, reason.length()));
        enqueue(() -> ConnectionRecord.update(
                        "status = 'disconnected', disconnectedAt = ?1, closeCode = ?2, closeReason = ?3 where id = ?4",
                        at, code, shortReason, connectionId)
                .chain(() -> SubscriptionRecord.update("removedAt = ?1 where connectionId = ?2 and removedAt is null", at, connectionId)));
    }

    /** Writes up to {@link #MAX_BATCH} queued records in one transaction; called periodically on a Vert.x context. */
    public Uni<Void> flush() {
        return closed.get() ? Uni.createFrom().voidItem() : tracked(MAX_BATCH);
    }

    /**
     * For shutdown: stops the periodic flushes and waits (blocking, bounded) for the one in flight, so that no
     * database work is still running on an event loop when the application goes away.
     */
    public void close(Duration maxWait) {
        closed.set(true);
        try {
            inFlight.get().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("shutdown: a connection-record write still running after %s", maxWait);
        }
    }

    /** For shutdown, after {@link #close}: one last, smaller batch. */
    public Uni<Void> flushLast(int maxRecords) {
        return tracked(maxRecords);
    }

    private Uni<Void> tracked(int maxRecords) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            inFlight.set(done);
            return write(maxRecords).onTermination().invoke(() -> done.complete(null));
        });
    }

    private Uni<Void> write(int maxRecords) {
        List<Supplier<Uni<?>>> batch = new ArrayList<>();
        Supplier<Uni<?>> op;
        while (batch.size() < maxRecords && (op = queue.poll()) != null) {
            queued.decrementAndGet();
            batch.add(op);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> {
                    Uni<?> chain = Uni.createFrom().voidItem();
                    for (Supplier<Uni<?>> write : batch) {
                        chain = chain.chain(write::get);
                    }
                    return chain;
                }).replaceWithVoid()
                .onFailure().invoke(e -> {
                    failedBatches.increment();
                    LOG.warnf("could not write %d connection records: %s", batch.size(), e.getMessage());
                })
                .onFailure().recoverWithNull();
    }

    /** Marks the given open connections alive, in one statement per 1,000. */
    public Uni<Void> heartbeat(Collection<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = List.copyOf(connectionIds);
        OffsetDateTime at = now();
        return Panache.withTransaction(() -> {
                    Uni<?> chain = Uni.createFrom().voidItem();
                    for (int from = 0; from < ids.size(); from += 1_000) {
                        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
                        chain = chain.chain(() -> ConnectionRecord.update("lastHeartbeatAt = ?1 where id in ?2", at, chunk));
                    }
                    return chain;
                }).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("heartbeat update failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public int queued() {
        return queued.get();
    }

    private void enqueue(Supplier<Uni<?>> write) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            droppedWrites.increment();
            return;
        }
        queue.add(write);
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
