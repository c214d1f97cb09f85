package dev.marketstream.processor.messaging;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.EventType;
import dev.marketstream.events.kafka.EventSerde;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.ReferenceData;
import dev.marketstream.events.market.VolumeUpdate;
import dev.marketstream.processor.config.ProcessorConfig;
import dev.marketstream.processor.domain.OhlcvAccumulator;
import dev.marketstream.processor.domain.PriceChange;
import dev.marketstream.processor.domain.ValidatedTick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The market-data topology (see DESIGN.md beside this class):
 * {@code market-data-raw} → validate (bad records → DLQ) → enrich from the {@code reference-data}
 * GlobalKTable → {@code market-prices} / {@code market-volume} / {@code market-orderbook}, and 1 s and
 * 1 min OHLCV bars → {@code market-data-aggregated}, emitted once per window when it closes.
 */
@ApplicationScoped
public class TopologyProducer {

    /** The envelopes' {@code source}. */
    public static final String SOURCE = "stream-processor";
    public static final String REFERENCE_STORE = "reference-data-store";
    public static final String VOLUME_STORE = "session-volume-store";
    public static final String BARS_1S_STORE = "ohlcv-1s-store";
    public static final String BARS_1M_STORE = "ohlcv-1m-store";

    private static final Serde<String> KEYS = Serdes.String();
    private static final Serde<EventEnvelope<MarketTick>> TICKS = EventSerde.of(MarketTick.class);

    private final ProcessorConfig config;
    private final Clock clock;

    @Inject
    public TopologyProducer(ProcessorConfig config) {
        this(config, Clock.systemUTC());
    }

    TopologyProducer(ProcessorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        GlobalKTable<String, EventEnvelope<ReferenceData>> reference = builder.globalTable(Topics.REFERENCE_DATA,
                Consumed.with(KEYS, ReferenceDataSerde.create()).withName("reference-data"),
                Materialized.<String, EventEnvelope<ReferenceData>, KeyValueStore<Bytes, byte[]>>as(REFERENCE_STORE)
                        .withKeySerde(KEYS).withValueSerde(ReferenceDataSerde.create()));

        Map<String, KStream<String, ValidatedTick>> checked = builder
                // A new deployment starts at live data; an existing one resumes from its committed offsets.
                .stream(Topics.MARKET_DATA_RAW, Consumed.with(KEYS, Serdes.ByteArray()).withName("raw-ticks")
                        .withOffsetResetPolicy(AutoOffsetReset.latest()))
                .processValues(() -> new TickValidator(clock, config.maxClockSkew()), Named.as("validate"))
                .split(Named.as("tick-"))
                .branch((symbol, tick) -> tick.isValid(), Branched.as("valid"))
                .defaultBranch(Branched.as("invalid"));
        checked.get("tick-invalid")
                .mapValues(ValidatedTick::raw, Named.as("dead-letter"))
                .to(Topics.dlq(Topics.MARKET_DATA_RAW), Produced.with(KEYS, Serdes.ByteArray()).withName("dlq"));
        KStream<String, EventEnvelope<MarketTick>> ticks = checked.get("tick-valid").mapValues(ValidatedTick::tick, Named.as("ticks"));

        ticks.leftJoin(reference, (symbol, tick) -> symbol,
                        (tick, ref) -> tick.derive(SOURCE, PriceChange.of(tick.data(), ref == null ? null : ref.data())),
                        Named.as("enrich"))
                .to(Topics.MARKET_PRICES, Produced.with(KEYS, EventSerde.of(PriceUpdate.class)).withName("prices"));

        // Cached: repeated ticks of a symbol within one commit interval reach RocksDB and the changelog once.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VOLUME_STORE), KEYS,
                StateSerde.sessionVolume()).withCachingEnabled());
        ticks.processValues(() -> new SessionVolumeProcessor(VOLUME_STORE, SOURCE), Named.as("session-volume"), VOLUME_STORE)
                .to(Topics.MARKET_VOLUME, Produced.with(KEYS, EventSerde.of(VolumeUpdate.class)).withName("volume"));

        ticks.filter((symbol, tick) -> tick.data().hasBook(), Named.as("with-book"))
                .mapValues(tick -> tick.derive(SOURCE, new OrderBookUpdate(tick.data().symbol(), tick.data().bids(),
                        tick.data().asks(), tick.data().timestamp())), Named.as("order-book"))
                .to(Topics.MARKET_ORDERBOOK, Produced.with(KEYS, EventSerde.of(OrderBookUpdate.class)).withName("orderbook"));

        KGroupedStream<String, EventEnvelope<MarketTick>> bySymbol = ticks.groupByKey(Grouped.with("by-symbol", KEYS, TICKS));
        bars(bySymbol, "1s", Duration.ofSeconds(1), config.graceOneSecond(), BARS_1S_STORE);
        bars(bySymbol, "1m", Duration.ofMinutes(1), config.graceOneMinute(), BARS_1M_STORE);
        return builder.build();
    }

    /** Tumbling OHLCV windows emitted once, when stream time passes window end plus grace. */
    private static void bars(KGroupedStream<String, EventEnvelope<MarketTick>> bySymbol, String interval, Duration size,
            Duration grace, String store) {
        bySymbol.windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
                .aggregate(OhlcvAccumulator::empty, (symbol, tick, bar) -> bar.add(tick.data()), Named.as("ohlcv-" + interval),
                        Materialized.<String, OhlcvAccumulator, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(KEYS).withValueSerde(StateSerde.accumulator()))
                // Emit-on-close: one final bar per window (see DESIGN.md for why not EmitStrategy.onWindowClose()).
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("final-" + interval))
                .toStream(Named.as("closed-" + interval))
                .map((window, bar) -> KeyValue.pair(window.key(), barEvent(window, interval, bar)), Named.as("bar-" + interval))
                .to(Topics.MARKET_DATA_AGGREGATED, Produced.with(KEYS, EventSerde.of(OhlcvBar.class)).withName("bars-" + interval));
    }

    /** A bar's event id follows from symbol, interval and window, so the same bar always has the same id. */
    static EventEnvelope<OhlcvBar> barEvent(Windowed<String> window, String interval, OhlcvAccumulator accumulator) {
        OhlcvBar bar = accumulator.toBar(window.key(), interval, window.window().startTime(), window.window().endTime());
        UUID id = UUID.nameUUIDFromBytes(("ohlcv|" + bar.symbol() + "|" + interval + "|" + bar.windowStart())
                .getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope<>(id, EventType.OHLCV_BAR, bar.windowEnd(), SOURCE, EventEnvelope.CURRENT_SCHEMA_VERSION, bar);
    }
}
