package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.streamprocessor.config.StreamProcessorConfig;
import dev.marketstream.streamprocessor.domain.ProcessorStats;
import jakarta.enterprise.context.ApplicationScoped;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The market-data topology (see DESIGN.md beside this class), one processor between one source and five sinks:
 * {@code market-data-raw} → {@link MarketProcessor} → {@code market-prices}, {@code market-volume},
 * {@code market-orderbook}, {@code market-data-aggregated} and {@code market-data-raw.dlq}; reference data in a
 * global in-memory store. Every value is a binary record of the event model, passed through as bytes.
 */
@ApplicationScoped
public class TopologyProducer {

    /** The envelopes' {@code source}. */
    public static final String SOURCE = "stream-processor";
    public static final String REFERENCE_STORE = "reference-data-store";
    public static final String SYMBOL_STORE = "symbol-state-store";
    public static final String BOOK_STORE = "order-book-store";

    private static final String RAW = "raw-market-data";
    private static final String MARKET = "market";

    private final ProcessorSettings settings;
    private final Clock clock;
    private final ProcessorStats stats;
    private final RecordTracing tracing;

    @Inject
    public TopologyProducer(StreamProcessorConfig config, ProcessorStats stats, OpenTelemetry openTelemetry) {
        this(ProcessorSettings.of(config), Clock.systemUTC(), stats, new RecordTracing(openTelemetry, "stream-processor"));
    }

    TopologyProducer(ProcessorSettings settings, Clock clock, ProcessorStats stats, RecordTracing tracing) {
        this.settings = settings;
        this.clock = clock;
        this.stats = stats;
        this.tracing = tracing;
    }

    @Produces
    public Topology topology() {
        StringSerializer keys = new StringSerializer();
        ByteArraySerializer values = new ByteArraySerializer();
        Topology topology = new Topology();
        // Global stores restore from their topic, so no changelog; in memory: a lookup per trade must not touch disk.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(REFERENCE_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(), "reference-data", new StringDeserializer(),
                new ByteArrayDeserializer(), Topics.REFERENCE_DATA, "load-reference-data", ReferenceDataLoader::new);

        // A new deployment starts at live data; an existing one resumes from its committed offsets.
        topology.addSource(AutoOffsetReset.latest(), RAW, new StringDeserializer(), new ByteArrayDeserializer(), Topics.MARKET_DATA_RAW);
        topology.addProcessor(MARKET, () -> new MarketProcessor(settings, clock, stats, tracing), RAW);
        // In memory with a changelog and a record cache: RocksDB buys nothing for a few hundred bytes per symbol,
        // and the cache writes each symbol's changed state once per commit instead of once per record.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SYMBOL_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), MARKET);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BOOK_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), MARKET);

        topology.addSink(MarketProcessor.PRICES, Topics.MARKET_PRICES, keys, values, MARKET);
        topology.addSink(MarketProcessor.VOLUME, Topics.MARKET_VOLUME, keys, values, MARKET);
        topology.addSink(MarketProcessor.BOOKS, Topics.MARKET_ORDERBOOK, keys, values, MARKET);
        topology.addSink(MarketProcessor.BARS, Topics.MARKET_DATA_AGGREGATED, keys, values, MARKET);
        topology.addSink(MarketProcessor.DEAD_LETTERS, Topics.dlq(Topics.MARKET_DATA_RAW), keys, values, MARKET);
        return topology;
    }
}
