package dev.marketstream.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.Severity;
import dev.marketstream.events.user.TradingAlert;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * Writes what a gateway reads, as the pipeline and the event-processor would (docs/architecture.md): known symbols and
 * binary market records on the market topics keyed by symbol, and user events appended to the user's history and
 * published on the user's delivery channel. Outside a Quarkus test (client SDK tests, {@link GatewayHarness}); symbols
 * are unique per instance and removed again by {@link #close()}.
 */
public final class GatewayInputs implements AutoCloseable {

    private static final EventCodec CODEC = new EventCodec();
    private static final AtomicLong COUNTER = new AtomicLong();

    private final String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
    private final RedisProbe redis = new RedisProbe();
    private final KafkaProducer<String, byte[]> producer;
    private final List<String> symbols = new CopyOnWriteArrayList<>();

    public GatewayInputs() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A symbol nobody else uses, registered as known to the platform. */
    public String knownSymbol() {
        String symbol = "C" + run + "S" + COUNTER.incrementAndGet();
        redis.integer(Command.SADD, RedisKeys.KNOWN_SYMBOLS, symbol);
        symbols.add(symbol);
        return symbol;
    }

    /** A user id nobody else uses, so histories and sequence numbers start empty. */
    public String uniqueUser(String prefix) {
        return prefix + "-" + run.toLowerCase(Locale.ROOT) + "-" + COUNTER.incrementAndGet();
    }

    /** A binary market record on its topic, keyed by symbol, acknowledged by the broker. */
    public void produce(String topic, String symbol, byte[] record) {
        try {
            producer.send(new ProducerRecord<>(topic, symbol, record)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    public void price(String symbol, String price) {
        produce(Topics.MARKET_PRICES, symbol, BinaryMarket.price(symbol, price, "10", Instant.now()));
    }

    /** An order-book record; {@code levels} as in {@link BinaryMarket}, e.g. {@code "B 100.5x20"}. */
    public void book(String symbol, long bookSeq, boolean snapshot, String... levels) {
        byte[] record = snapshot ? BinaryMarket.bookSnapshot(symbol, bookSeq, Instant.now(), levels)
                : BinaryMarket.bookDelta(symbol, bookSeq, Instant.now(), levels);
        produce(Topics.MARKET_ORDERBOOK, symbol, record);
    }

    public void candle(String symbol, int intervalSeconds, Instant windowStart, String open, String high, String low, String close,
            String volume) {
        produce(Topics.MARKET_DATA_AGGREGATED, symbol,
                BinaryMarket.candle(symbol, intervalSeconds, windowStart, open, high, low, close, volume));
    }

    /** The latest value of a symbol in Redis (what a subscribe snapshot reads): the record's bytes. */
    public void snapshot(String dataType, String field, byte[] record) {
        redis.sendBytes(Command.HSET, RedisKeys.snapshot(dataType), field, record);
    }

    /** Waits until some gateway pod listens on the user's delivery channel (it holds a connection of the user). */
    public void awaitListening(String userId, Duration atMost) {
        Awaitility.await("a gateway pod subscribed to " + userId + "'s events").atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> redis.send(Command.PUBSUB, "NUMSUB", RedisKeys.userChannel(userId)).get(1).toLong() > 0);
    }

    /** What the event-processor does for one user event: append it to the user's history, then publish it. */
    public void deliver(String userId, long seq, EventEnvelope<? extends EventPayload> envelope) {
        String event = new String(CODEC.encode(envelope), StandardCharsets.UTF_8);
        redis.send(Command.XADD, RedisKeys.userHistory(userId), "*", "seq", Long.toString(seq), "event", event);
        redis.send(Command.PUBLISH, RedisKeys.userChannel(userId), "{\"seq\":" + seq + ",\"event\":" + event + "}");
    }

    /** A trading alert for the user. */
    public static EventEnvelope<TradingAlert> alert(String userId, String message) {
        return EventEnvelope.of("event-processor", new TradingAlert(UUID.randomUUID().toString(), userId, "price_threshold", message,
                Severity.WARNING, Instant.now(), null));
    }

    /** A position update of one of the user's portfolios. */
    public static EventEnvelope<PortfolioUpdate> portfolio(String userId, String portfolioId, long quantity) {
        return EventEnvelope.of("event-processor", new PortfolioUpdate(portfolioId, userId, PortfolioUpdate.UpdateType.POSITION,
                JsonNodeFactory.instance.objectNode().put("qty", quantity), Instant.now()));
    }

    /**
     * Delivers {@code count} alerts numbered {@code firstSeq...}, {@code pauseMillis} apart; returns their event ids in
     * order.
     */
    public List<String> deliverAlerts(String userId, long firstSeq, int count, long pauseMillis) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventEnvelope<TradingAlert> alert = alert(userId, "alert " + (firstSeq + i));
            deliver(userId, firstSeq + i, alert);
            ids.add(alert.eventId().toString());
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return ids;
    }

    /** Removes the symbols it registered and their snapshots. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        for (String symbol : symbols) {
            redis.integer(Command.SREM, RedisKeys.KNOWN_SYMBOLS, symbol);
            for (String type : List.of("price", "volume", "orderbook")) {
                redis.integer(Command.HDEL, RedisKeys.snapshot(type), symbol);
            }
            redis.integer(Command.HDEL, RedisKeys.snapshot("candles"), symbol + ":1s", symbol + ":1m");
        }
        redis.close();
    }
}
