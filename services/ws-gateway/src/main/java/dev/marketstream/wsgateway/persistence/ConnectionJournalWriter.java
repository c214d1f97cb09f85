package dev.marketstream.wsgateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.protocol.StreamType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Records connections and their subscriptions in PostgreSQL without ever writing per market message (see
 * DESIGN.md "Database"). Lifecycle events are queued; {@link #flush()} writes everything queued in transactions of
 * {@link #BATCH} records: new rows as batched INSERTs, disconnects as one UPDATE per close code, reason and second
 * (chunks of {@link #IDS_PER_STATEMENT}), unsubscribes in order. Small transactions keep each slice of work on the
 * event loop short; the batching makes a 10,000-connection ramp's records a matter of seconds. Heartbeats are one
 * UPDATE per {@link #IDS_PER_STATEMENT} open connections ({@link #heartbeat}). At shutdown {@link #drain} writes the
 * backlog until a deadline.
 */
public final class ConnectionJournalWriter implements Ports.ConnectionJournal {

    private static final Logger LOG = Logger.getLogger(ConnectionJournalWriter.class);
    /** Most queued operations; past it new ones are dropped (and counted) rather than growing memory. */
    static final int MAX_QUEUED = 200_000;
    /** Operations per transaction. */
    static final int BATCH = 500;
    /** Ids bound to one {@code IN} list. */
    static final int IDS_PER_STATEMENT = 1_000;
    /** Transactions one periodic flush may run back to back (the rest waits for the next interval). */
    static final int MAX_BATCHES_PER_FLUSH = 100;
    private static final String HEARTBEAT = "lastHeartbeatAt = ?1 where id in ?2";

    /** One queued lifecycle event. */
    private sealed interface Op permits Insert, Unsubscribe, Close, Forget {
    }

    private record Insert(Object entity) implements Op {
    }

    private record Unsubscribe(String connectionId, String streamType, String parameters, OffsetDateTime at) implements Op {
    }

    private record Close(String connectionId, int code, String reason, OffsetDateTime at) implements Op {
    }

    private record Forget(List<String> userIds) implements Op {
    }

    /** Disconnects written by one statement: same code, reason and second. */
    private record CloseGroup(int code, String reason, OffsetDateTime at) {
    }

    private final String podId;
    private final ObjectMapper mapper;
    private final Queue<Op> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    public final LongAdder droppedWrites = new LongAdder();
    public final LongAdder failedBatches = new LongAdder();
    /** Records of the failed batches: lost. */
    public final LongAdder lostRecords = new LongAdder();
    /** Stored subscription parameters that were not JSON (their row is treated as having none). */
    public final LongAdder unreadableParameters = new LongAdder();
    /** Records written (or attempted, when a batch failed) so far. */
    public final LongAdder writtenRecords = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether the last transaction (or warm-up probe) reached the database; false until the first one did. */
    private volatile boolean databaseAnswered;
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
        enqueue(new Insert(record));
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
        enqueue(new Insert(record));
    }

    @Override
    public void unsubscribed(ClientSession session, String streamType, String parameters) {
        enqueue(new Unsubscribe(session.connectionId(), streamType, parameters, now()));
    }

    private Uni<Void> unsubscribe(Unsubscribe op) {
        return SubscriptionRecord.<SubscriptionRecord>list("connectionId = ?1 and streamType = ?2 and removedAt is null",
                op.connectionId(), op.streamType()).chain(rows -> close(rows, read(op.parameters()), op.at()));
    }

    /** Closes the rows the unsubscribe covers; a market row losing only some symbols is replaced by one with the rest. */
    private Uni<Void> close(List<SubscriptionRecord> rows, JsonNode unsubscribe, OffsetDateTime at) {
        Set<String> gone = texts(unsubscribe.path("symbols"));
        String portfolio = unsubscribe.path("portfolio_id").asText(null);
        List<SubscriptionRecord> replacements = new ArrayList<>();
        for (SubscriptionRecord row : rows) {
            JsonNode params = read(row.parameters);
            if (StreamType.MARKET_DATA.wireName().equals(row.streamType)) {
                Set<String> symbols = texts(params.path("symbols"));
                if (symbols.stream().noneMatch(gone::contains)) {
                    continue;
                }
                symbols.removeAll(gone);
                if (!symbols.isEmpty()) {
                    replacements.add(withSymbols(row, (ObjectNode) params, symbols, at));
                }
            } else if (StreamType.PORTFOLIO.wireName().equals(row.streamType) && portfolio != null && !portfolio.equals(params.path("portfolio_id").asText())) {
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
        String shortReason = reason == null ? null : reason.substring(0, Math.min(200, reason.length()));
        enqueue(new Close(session.connectionId(), code, shortReason, now()));
    }

    /**
     * Deletes every connection record of these users (and their subscriptions, on any pod) once what is queued before it was
     * written: for the pod's own warm-up connections, which are not clients'.
     */
    public void forget(List<String> userIds) {
        enqueue(new Forget(List.copyOf(userIds)));
    }

    /**
     * Writes what is queued, in transactions of {@link #BATCH} operations run one after the other (at most
     * {@link #MAX_BATCHES_PER_FLUSH}); called periodically on a Vert.x context.
     */
    public Uni<Void> flush() {
        if (closed.get()) {
            return Uni.createFrom().voidItem();
        }
        // Probe a database that has not answered yet, so readiness recovers without waiting for a connection's record.
        Uni<Void> probe = databaseAnswered ? Uni.createFrom().voidItem() : warmUp().onFailure().recoverWithNull();
        return probe.chain(() -> tracked(MAX_BATCHES_PER_FLUSH, Long.MAX_VALUE));
    }

    /**
     * Whether records are being written: the database answered the last transaction (or the start-up probe) and the
     * queue is below its bound. A short outage keeps it true while the queue absorbs it; readiness reports it.
     */
    public boolean writable() {
        return databaseAnswered && queued.get() < MAX_QUEUED;
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

    /**
     * For shutdown, after {@link #close}: writes the backlog, starting no new transaction once {@code budget} has
     * passed (so at most one transaction of {@link #BATCH} operations runs past it).
     */
    public Uni<Void> drain(Duration budget) {
        return tracked(Integer.MAX_VALUE, System.nanoTime() + budget.toNanos());
    }

    private Uni<Void> tracked(int maxBatches, long deadlineNanos) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            inFlight.set(done);
            AtomicInteger batches = new AtomicInteger();
            return Multi.createBy().repeating().uni(this::writeBatch)
                    .whilst(written -> written == BATCH && batches.incrementAndGet() < maxBatches && System.nanoTime() < deadlineNanos)
                    .onItem().ignoreAsUni()
                    .onTermination().invoke(() -> done.complete(null));
        });
    }

    /** Writes up to {@link #BATCH} queued operations in one transaction; the number taken from the queue. */
    private Uni<Integer> writeBatch() {
        List<Op> batch = new ArrayList<>(BATCH);
        Op op;
        while (batch.size() < BATCH && (op = queue.poll()) != null) {
            queued.decrementAndGet();
            batch.add(op);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        writtenRecords.add(batch.size());
        return Panache.withTransaction(() -> write(batch))
                .invoke(() -> databaseAnswered = true)
                .onFailure().invoke(e -> {
                    databaseAnswered = false;
                    failedBatches.increment();
                    lostRecords.add(batch.size());
                    LOG.warnf("could not write %d connection records: %s", batch.size(), e.getMessage());
                })
                .onFailure().recoverWithNull()
                .replaceWith(batch.size());
    }

    /**
     * The statements of one batch, in queue order where it matters: inserts are flushed before an unsubscribe that may
     * close them; disconnects, a connection's last event, go at the end grouped into few statements.
     */
    private Uni<Void> write(List<Op> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<Object> inserts = new ArrayList<>();
        Map<CloseGroup, List<String>> closes = new LinkedHashMap<>();
        for (Op op : batch) {
            if (op instanceof Insert insert) {
                inserts.add(insert.entity());
            } else if (op instanceof Unsubscribe unsubscribe) {
                chain = chain.chain(insertAll(inserts)).chain(() -> unsubscribe(unsubscribe)).chain(Panache::flush);
                inserts = new ArrayList<>();
            } else if (op instanceof Forget forget) {
                chain = chain.chain(insertAll(inserts)).chain(() -> delete(forget.userIds()));
                inserts = new ArrayList<>();
            } else if (op instanceof Close close) {
                closes.computeIfAbsent(new CloseGroup(close.code(), close.reason(), close.at().truncatedTo(ChronoUnit.SECONDS)),
                        group -> new ArrayList<>()).add(close.connectionId());
            }
        }
        chain = chain.chain(insertAll(inserts)).chain(Panache::flush);
        for (Map.Entry<CloseGroup, List<String>> group : closes.entrySet()) {
            for (List<String> ids : chunks(group.getValue())) {
                chain = chain.chain(() -> disconnect(group.getKey(), ids));
            }
        }
        return chain;
    }

    /**
     * Persists the entities and flushes them as batched INSERTs ({@code quarkus.hibernate-orm.jdbc.statement-batch-size}):
     * connections first, then subscriptions, so that rows of one table follow each other (a batch holds one statement)
     * and every subscription's connection exists before it.
     */
    private static Supplier<Uni<? extends Void>> insertAll(List<Object> entities) {
        List<Object> ordered = new ArrayList<>(entities.size());
        entities.stream().filter(ConnectionRecord.class::isInstance).forEach(ordered::add);
        entities.stream().filter(e -> !(e instanceof ConnectionRecord)).forEach(ordered::add);
        return () -> ordered.isEmpty() ? Uni.createFrom().voidItem() : ConnectionRecord.persist(ordered).chain(Panache::flush);
    }

    /**
     * Runs each statement once against no rows, so that Hibernate parses them (and loads their classes) at startup
     * instead of on an event loop while the first clients connect: a cold parse held event loops for seconds in the
     * 10,000-connection benchmarks.
     */
    public Uni<Void> warmUp() {
        OffsetDateTime at = now();
        List<String> none = List.of("");
        return Panache.withTransaction(() -> disconnect(new CloseGroup(1000, "", at), none)
                        .chain(() -> ConnectionRecord.update(HEARTBEAT, at, none))
                        .chain(() -> unsubscribe(new Unsubscribe("", StreamType.MARKET_DATA.wireName(), "{}", at))))
                .invoke(() -> databaseAnswered = true)
                .onFailure().invoke(e -> databaseAnswered = false);
    }

    private static Uni<Void> disconnect(CloseGroup group, List<String> ids) {
        return ConnectionRecord.update("status = 'disconnected', disconnectedAt = ?1, closeCode = ?2, closeReason = ?3 where id in ?4",
                        group.at(), group.code(), group.reason(), ids)
                .chain(() -> SubscriptionRecord.update("removedAt = ?1 where connectionId in ?2 and removedAt is null", group.at(), ids))
                .replaceWithVoid();
    }

    /** Their subscriptions go with the connections (ON DELETE CASCADE). */
    private static Uni<Void> delete(List<String> userIds) {
        return ConnectionRecord.delete("userId in ?1", userIds).replaceWithVoid();
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT)));
        }
        return chunks;
    }

    /** Marks the given open connections alive, in one statement per {@link #IDS_PER_STATEMENT}. */
    public Uni<Void> heartbeat(Collection<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime at = now();
        return Panache.withTransaction(() -> {
                    Uni<?> chain = Uni.createFrom().voidItem();
                    for (List<String> chunk : chunks(List.copyOf(connectionIds))) {
                        chain = chain.chain(() -> ConnectionRecord.update(HEARTBEAT, at, chunk));
                    }
                    return chain;
                }).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("heartbeat update failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public int queued() {
        return queued.get();
    }

    private void enqueue(Op op) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            droppedWrites.increment();
            return;
        }
        queue.add(op);
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            unreadableParameters.increment();
            LOG.warnf("subscription parameters are not JSON, read as empty: %s (%s)", abbreviate(json), e.getOriginalMessage());
            return mapper.createObjectNode();
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 80 ? String.valueOf(text) : text.substring(0, 80) + "...";
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
