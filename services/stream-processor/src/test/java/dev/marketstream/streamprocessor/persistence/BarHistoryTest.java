package dev.marketstream.streamprocessor.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.marketstream.events.binary.BarIds;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.history.CandleTables;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.streamprocessor.OutputCollector;
import dev.marketstream.streamprocessor.StreamsTestResource;
import dev.marketstream.streamprocessor.domain.ClosedBar;
import dev.marketstream.testing.BinaryMarket;
import dev.marketstream.testing.LocalJwt;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Proves the bar history on the real Kafka and PostgreSQL: trades of twelve minutes go through the running processor and
 * every closed 1 s and 1 min bar is stored once with its event id and the values computed here from the trades; the
 * 5 min / 1 h / 1 day roll-ups equal the aggregate of their stored 1 min bars; storing a batch again writes nothing;
 * an audit replay rebuilds the same bars from market-data-raw and finds a stored bar changed afterwards; partitions
 * past their retention are dropped. Runs on an application of its own, whose stream time starts empty, so
 * trades of twenty minutes ago are not late.
 */
@QuarkusTest
@TestProfile(BarHistoryTest.OwnApplication.class)
@QuarkusTestResource(StreamsTestResource.class)
class BarHistoryTest {

    /** A profile of its own: a new application, with a new application id and so a stream time of its own. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("processor.history.max-batch", "500");
        }
    }

    private static final String PREFIX = "H" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";
    private static final int MINUTES = 12;
    /** Quarter prices and unit sizes: every VWAP is exact, here and in the processor's double arithmetic. */
    private static final int[] SECONDS = {0, 15, 30, 45};

    @Inject
    AgroalDataSource dataSource;

    /** A trade as sent. */
    private record Trade(String symbol, Instant at, BigDecimal price) {
    }

    /** The writer creates the tables on its own thread once the application runs; a fresh database has none before. */
    @org.junit.jupiter.api.BeforeEach
    void awaitSchema() {
        await("bar tables migrated").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> partitionExists(CandleTables.AUDIT));
    }

    @Test
    void storesEveryClosedBarOnceWithRollUpsThatAggregateTheirMinuteBars() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(MINUTES + 8));
        List<String> symbols = List.of(PREFIX + "A", PREFIX + "B");
        List<Trade> trades = new ArrayList<>();
        for (int s = 0; s < symbols.size(); s++) {
            for (int minute = 0; minute < MINUTES; minute++) {
                for (int i = 0; i < SECONDS.length; i++) {
                    BigDecimal price = BigDecimal.valueOf(10_000 + s * 1_000 + minute * 7 + (i * 5) % 4 * 3, 2)
                            .add(BigDecimal.valueOf(i % 2 == 0 ? 0 : 25, 2));
                    trades.add(new Trade(symbols.get(s), start.plus(Duration.ofMinutes(minute)).plusSeconds(SECONDS[i]), price));
                }
            }
        }
        try (OutputCollector bars = new OutputCollector(bootstrap(), List.of(Topics.MARKET_DATA_AGGREGATED),
                r -> r.key() != null && r.key().startsWith(PREFIX));
                KafkaProducer<String, byte[]> producer = producer()) {
            // In time order across symbols: one symbol's later trades must not make another's earlier ones late.
            trades.sort(java.util.Comparator.comparing(Trade::at));
            for (Trade trade : trades) {
                // Stamped with the exchange time, as a live feed's records are (the audit replay finds them by it).
                producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, null, trade.at().toEpochMilli(), trade.symbol(),
                        BinaryMarket.trade(trade.symbol(), trade.price().toPlainString(), "1", trade.at())));
            }
            for (String symbol : symbols) { // moves stream time past the last minute's end and grace: every bar closes
                producer.send(new ProducerRecord<>(Topics.MARKET_DATA_RAW, symbol,
                        BinaryMarket.trade(symbol, "100", "1", start.plus(Duration.ofMinutes(MINUTES)).plusSeconds(10))));
            }
            producer.flush();

            int expectedRows = symbols.size() * MINUTES * (1 + SECONDS.length);
            await("every closed bar stored").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count("SELECT count(*) FROM market_candles WHERE symbol LIKE ?") >= expectedRows);
            await("every closed bar on the topic").atMost(Duration.ofSeconds(30))
                    .until(() -> bars.poll().records(Topics.MARKET_DATA_AGGREGATED).size() >= expectedRows);

            List<StoredBar> stored = stored("market_candles");
            assertThat(stored).as("1 s and 1 min bars of this run").hasSize(expectedRows);
            assertThat(stored).as("bars computed from the trades")
                    .containsExactlyInAnyOrderElementsOf(concat(expected(trades, 1, symbols), expected(trades, 60, symbols)));
            List<UUID> onTopic = bars.records(Topics.MARKET_DATA_AGGREGATED).stream()
                    .map(r -> UUID.fromString(BinaryMarket.json(r.value()).get("eventId").asText())).toList();
            assertThat(stored).extracting(StoredBar::eventId).as("the event ids of the bars on market-data-aggregated")
                    .containsExactlyInAnyOrderElementsOf(onTopic);

            List<StoredBar> rollups = stored("market_candle_rollups");
            List<StoredBar> minutes = stored.stream().filter(b -> b.interval() == 60).toList();
            for (int interval : CandleTables.ROLLUP_INTERVALS) {
                assertThat(rollups.stream().filter(b -> b.interval() == interval).toList()).as(interval + " s roll-ups")
                        .containsExactlyInAnyOrderElementsOf(aggregate(minutes, interval));
            }
            assertThat(partitionExists(CandlePartitions.partitionName(CandleTables.MINUTE_BARS, CandlePartitions.dayOf(start))))
                    .as("the day's partition").isTrue();

            // A batch stored again (a replay, a restart before the offsets were committed) writes nothing.
            CandleStore store = new CandleStore(new CandlePartitions(List.of()));
            List<ClosedBar> again = stored.stream().map(StoredBar::toClosedBar).toList();
            try (Connection connection = dataSource.getConnection()) {
                assertThat(store.write(connection, again)).isEqualTo(new CandleStore.Outcome(0, again.size()));
            }
            assertThat(stored("market_candles")).containsExactlyInAnyOrderElementsOf(stored);
            assertThat(stored("market_candle_rollups")).containsExactlyInAnyOrderElementsOf(rollups);

            // Audit: the bars rebuilt from market-data-raw match the stored ones; a stored bar changed afterwards shows.
            String from = start.toString();
            String to = start.plus(Duration.ofMinutes(MINUTES)).toString();
            audit(symbols.get(0), from, to).body("bars_rebuilt", equalTo(MINUTES)).body("matching", equalTo(MINUTES))
                    .body("differing_count", equalTo(0)).body("missing_count", equalTo(0)).body("unexpected_count", equalTo(0));
            Instant tampered = start.plus(Duration.ofMinutes(3));
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement(
                            "UPDATE market_candles SET close = close + 1 WHERE symbol = ? AND interval_seconds = 60 AND window_start = ?")) {
                update.setString(1, symbols.get(0));
                update.setTimestamp(2, java.sql.Timestamp.from(tampered));
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            audit(symbols.get(0), from, to).body("matching", equalTo(MINUTES - 1)).body("differing_count", equalTo(1))
                    .body("differing", org.hamcrest.Matchers.contains(tampered.toString()));
            given().auth().oauth2(LocalJwt.trader("audit-" + PREFIX)).queryParam("from", from).queryParam("to", to)
                    .post("/api/v1/market/" + symbols.get(0) + "/audit").then().statusCode(403);
            given().auth().oauth2(LocalJwt.operator("audit-" + PREFIX)).queryParam("interval", "5m").queryParam("from", from)
                    .queryParam("to", to).post("/api/v1/market/" + symbols.get(0) + "/audit").then().statusCode(400)
                    .body("field", equalTo("interval"));
        }
    }

    private static io.restassured.response.ValidatableResponse audit(String symbol, String from, String to) {
        return given().auth().oauth2(LocalJwt.operator("audit-" + PREFIX)).queryParam("interval", "1m").queryParam("from", from)
                .queryParam("to", to).post("/api/v1/market/" + symbol + "/audit").then().statusCode(200);
    }

    @Test
    void dropsPartitionsPastTheirRetentionAndKeepsRecentOnes() throws SQLException {
        CandlePartitions partitions = new CandlePartitions(List.of(new CandlePartitions.Table(CandleTables.SECOND_BARS, Duration.ofDays(3))));
        LocalDate old = LocalDate.of(2001, 1, 1);
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            partitions.ensure(connection, CandleTables.SECOND_BARS, Set.of(old));
            assertThat(partitionExists(CandlePartitions.partitionName(CandleTables.SECOND_BARS, old))).isTrue();

            List<String> dropped = partitions.maintain(connection, Instant.now());

            assertThat(dropped).contains(CandlePartitions.partitionName(CandleTables.SECOND_BARS, old))
                    .doesNotContain(CandlePartitions.partitionName(CandleTables.SECOND_BARS, today));
        }
        assertThat(partitionExists(CandlePartitions.partitionName(CandleTables.SECOND_BARS, old))).isFalse();
        assertThat(partitionExists(CandlePartitions.partitionName(CandleTables.SECOND_BARS, today))).isTrue();
        assertThat(partitionExists(CandlePartitions.partitionName(CandleTables.SECOND_BARS, today.plusDays(1)))).as("made ahead").isTrue();
        assertThat(partitions.expired(CandleTables.SECOND_BARS, Instant.now().minus(Duration.ofDays(5)), Instant.now())).isTrue();
        assertThat(partitions.expired(CandleTables.SECOND_BARS, Instant.now().minus(Duration.ofDays(1)), Instant.now())).isFalse();
    }

    /** A stored row, numbers without trailing zeros so that equal values compare equal. */
    record StoredBar(String symbol, int interval, Instant start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
            BigDecimal volume, BigDecimal vwap, long trades, UUID eventId) {

        StoredBar {
            open = open.stripTrailingZeros();
            high = high.stripTrailingZeros();
            low = low.stripTrailingZeros();
            close = close.stripTrailingZeros();
            volume = volume.stripTrailingZeros();
            vwap = vwap.stripTrailingZeros();
        }

        ClosedBar toClosedBar() {
            return new ClosedBar(symbol, interval, Envelopes.nanos(start), fixed(open), fixed(high), fixed(low), fixed(close),
                    fixed(volume), fixed(vwap), trades, eventId);
        }

        private static long fixed(BigDecimal value) {
            return value.movePointRight(8).longValueExact();
        }
    }

    /** The bars of {@code interval} computed here from the trades: first and last price, extremes, unit volumes. */
    private static List<StoredBar> expected(List<Trade> trades, int interval, List<String> symbols) {
        List<StoredBar> bars = new ArrayList<>();
        for (String symbol : symbols) {
            Map<Long, List<Trade>> windows = new TreeMap<>();
            trades.stream().filter(t -> t.symbol().equals(symbol))
                    .forEach(t -> windows.computeIfAbsent(Math.floorDiv(t.at().getEpochSecond(), interval) * interval,
                            k -> new ArrayList<>()).add(t));
            windows.forEach((start, in) -> {
                BigDecimal sum = in.stream().map(Trade::price).reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal volume = BigDecimal.valueOf(in.size());
                Instant at = Instant.ofEpochSecond(start);
                bars.add(new StoredBar(symbol, interval, at, in.get(0).price(),
                        in.stream().map(Trade::price).max(BigDecimal::compareTo).orElseThrow(),
                        in.stream().map(Trade::price).min(BigDecimal::compareTo).orElseThrow(), in.get(in.size() - 1).price(),
                        volume, sum.divide(volume, 8, RoundingMode.HALF_UP), in.size(), BarIds.of(symbol, interval, Envelopes.nanos(at))));
            });
        }
        return bars;
    }

    /** The roll-ups of {@code interval} as the aggregate of the stored 1 min bars. */
    private static List<StoredBar> aggregate(List<StoredBar> minutes, int interval) {
        Map<String, List<StoredBar>> windows = new TreeMap<>();
        minutes.stream().sorted(java.util.Comparator.comparing(StoredBar::start)).forEach(m -> windows.computeIfAbsent(
                m.symbol() + "|" + Math.floorDiv(m.start().getEpochSecond(), interval) * interval, k -> new ArrayList<>()).add(m));
        List<StoredBar> rollups = new ArrayList<>();
        windows.forEach((key, in) -> {
            String symbol = key.substring(0, key.indexOf('|'));
            Instant start = Instant.ofEpochSecond(Long.parseLong(key.substring(key.indexOf('|') + 1)));
            BigDecimal volume = in.stream().map(StoredBar::volume).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal notional = in.stream().map(m -> m.vwap().multiply(m.volume())).reduce(BigDecimal.ZERO, BigDecimal::add);
            rollups.add(new StoredBar(symbol, interval, start, in.get(0).open(),
                    in.stream().map(StoredBar::high).max(BigDecimal::compareTo).orElseThrow(),
                    in.stream().map(StoredBar::low).min(BigDecimal::compareTo).orElseThrow(), in.get(in.size() - 1).close(), volume,
                    notional.divide(volume, 8, RoundingMode.HALF_UP), in.stream().mapToLong(StoredBar::trades).sum(),
                    BarIds.of(symbol, interval, Envelopes.nanos(start))));
        });
        return rollups;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private List<StoredBar> stored(String table) throws SQLException {
        List<StoredBar> bars = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT symbol, interval_seconds, window_start, open, high, low, close, volume, vwap, trade_count, event_id FROM "
                        + table + " WHERE symbol LIKE ?")) {
            query.setString(1, PREFIX + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    bars.add(new StoredBar(rows.getString(1), rows.getInt(2), rows.getTimestamp(3).toInstant(), rows.getBigDecimal(4),
                            rows.getBigDecimal(5), rows.getBigDecimal(6), rows.getBigDecimal(7), rows.getBigDecimal(8),
                            rows.getBigDecimal(9), rows.getLong(10), rows.getObject(11, UUID.class)));
                }
            }
        }
        return bars;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, PREFIX + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private boolean partitionExists(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }
}
