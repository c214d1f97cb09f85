package dev.marketstream.wsgateway.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.redis.RedisKeys;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.Severity;
import dev.marketstream.events.user.TradingAlert;
import dev.marketstream.testing.BinaryMarket;
import io.quarkus.redis.datasource.RedisDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes what the pipeline and the event-processor would, exactly per docs/architecture.md: known symbols and
 * binary snapshots in Redis, binary market records (SBE) on the market topics keyed by symbol, user history entries
 * and Pub/Sub deliveries (JSON). Names are unique per test run because the servers are shared. One per test.
 */
public final class Fixtures implements AutoCloseable {

    /** The user events' JSON codec. */
    public static final EventCodec CODEC = new EventCodec();
    private static final AtomicLong COUNTER = new AtomicLong();
    /** Random, not clock-based: Redis keeps users' histories and symbols from earlier runs, which must never match. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);

    private final RedisDataSource redis;
    private final KafkaProducer<String, byte[]> producer;

    public Fixtures(RedisDataSource redis) {
        this.redis = redis;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        this.producer = new KafkaProducer<>(props);
    }

    /** A symbol nobody else uses, registered as known. */
    public String knownSymbol() {
        String symbol = "T" + RUN + "X" + COUNTER.incrementAndGet();
        redis.set(String.class).sadd(RedisKeys.KNOWN_SYMBOLS, symbol);
        return symbol;
    }

    public static String uniqueUser(String prefix) {
        return prefix + "-" + RUN.toLowerCase() + "-" + COUNTER.incrementAndGet();
    }

    /** A PriceUpdate record as the stream-processor writes it (market time and creation time now). */
    public byte[] price(String symbol, String price) {
        return BinaryMarket.priceUpdate(symbol, price);
    }

    /** The latest price of a symbol in Redis, as the stream-processor keeps it. */
    public void snapshot(String symbol, String price) {
        storeSnapshot("price", symbol, price(symbol, price));
    }

    /** A snapshot value ({@code ms:snapshot:<dataType>}, field symbol or {@code SYMBOL:1s}): the record's bytes. */
    public void storeSnapshot(String dataType, String field, byte[] record) {
        redis.hash(byte[].class).hset(RedisKeys.snapshot(dataType), field, record);
    }

    public void produce(String topic, String symbol, byte[] record) {
        producer.send(new ProducerRecord<>(topic, symbol, record));
    }

    public void producePrice(String symbol, String price) {
        produce(Topics.MARKET_PRICES, symbol, price(symbol, price));
    }

    public void produceBook(String symbol, byte[] record) {
        produce(Topics.MARKET_ORDERBOOK, symbol, record);
    }

    public void flush() {
        producer.flush();
    }

    public static EventEnvelope<TradingAlert> alert(String userId, String message) {
        return EventEnvelope.of("event-processor", new TradingAlert(UUID.randomUUID().toString(), userId, "price_threshold", message,
                Severity.WARNING, Instant.now(), null));
    }

    public static EventEnvelope<PortfolioUpdate> portfolio(String userId, String portfolioId) {
        return EventEnvelope.of("event-processor", new PortfolioUpdate(portfolioId, userId, PortfolioUpdate.UpdateType.POSITION,
                JsonNodeFactory.instance.objectNode().put("qty", 5), Instant.now()));
    }

    /**
     * What the event-processor does for one user event: append to the history, then publish (unless not
     * {@code publish}: a message Pub/Sub lost). Answers how many subscribers the message reached (0 when not published).
     */
    public long deliver(String userId, long seq, EventEnvelope<? extends EventPayload> envelope, boolean publish) {
        String event = new String(CODEC.encode(envelope), StandardCharsets.UTF_8);
        redis.stream(String.class).xadd(RedisKeys.userHistory(userId), Map.of("seq", Long.toString(seq), "event", event));
        if (!publish) {
            return 0;
        }
        return redis.execute("PUBLISH", RedisKeys.userChannel(userId), "{\"seq\":" + seq + ",\"event\":" + event + "}").toLong();
    }

    @Override
    public void close() {
        producer.close();
    }
}
