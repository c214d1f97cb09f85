package dev.marketstream.wsgateway.protocol;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventValidationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code data} of a client frame, one record per {@link ClientEvent}. Each record checks its own
 * fields; a violation names the field under {@code data}.
 */
public sealed interface ClientRequest {

    /**
     * {@code subscribe_market_data}: streams of the given symbols and data types, optionally rate-limited, optionally with
     * the last bars of one interval before the live candles.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SubscribeMarketData(List<String> symbols, List<String> dataTypes, Integer maxFrequency, History history)
            implements ClientRequest {
        public SubscribeMarketData {
            symbols = checkSymbols(symbols);
            dataTypes = dataTypes == null || dataTypes.isEmpty() ? List.of(DataType.PRICE.wireName()) : checkDataTypes(dataTypes);
            if (maxFrequency != null && maxFrequency < 1) {
                throw invalid("data.max_frequency", "must be at least 1 update per second but was " + maxFrequency);
            }
            if (history != null && !dataTypes.contains(DataType.CANDLES.wireName())) {
                throw invalid("data.history", "needs candles in data_types: the history leads the candle stream");
            }
        }

        public List<DataType> types() {
            return dataTypes.stream().map(t -> DataType.fromWireName(t).orElseThrow()).toList();
        }
    }

    /** {@code history} of {@code subscribe_market_data}: the last {@code count} stored bars of {@code interval}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record History(String interval, Integer count) {
        /** Most bars one history may ask for. */
        public static final int MAX_COUNT = 1_000;
        static final List<String> INTERVALS = List.of("1s", "1m", "5m", "1h", "1d");

        public History {
            if (interval == null || !INTERVALS.contains(interval)) {
                throw invalid("data.history.interval", "must be one of " + String.join(", ", INTERVALS) + " but was "
                        + (interval == null ? "missing" : "'" + interval + "'"));
            }
            if (count == null || count < 1 || count > MAX_COUNT) {
                throw invalid("data.history.count", "must be between 1 and " + MAX_COUNT + " but was " + count);
            }
        }

        public int intervalSeconds() {
            return dev.marketstream.events.binary.Intervals.seconds(interval);
        }
    }

    /** {@code unsubscribe_market_data}: all data types of the symbols, or only the listed ones. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record UnsubscribeMarketData(List<String> symbols, List<String> dataTypes) implements ClientRequest {
        public UnsubscribeMarketData {
            symbols = checkSymbols(symbols);
            dataTypes = dataTypes == null || dataTypes.isEmpty() ? DataType.wireNames() : checkDataTypes(dataTypes);
        }

        public List<DataType> types() {
            return dataTypes.stream().map(t -> DataType.fromWireName(t).orElseThrow()).toList();
        }
    }

    /** {@code subscribe_portfolio}: updates of one portfolio ({@code *} for all of the user's), optionally of some types. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SubscribePortfolio(String portfolioId, List<String> updateTypes) implements ClientRequest {
        static final Set<String> UPDATE_TYPES = Set.of("position", "balance", "order", "trade", "pnl");

        public SubscribePortfolio {
            if (portfolioId == null) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "data.portfolio_id", "is required ('*' for every portfolio)");
            }
            if (!"*".equals(portfolioId)) {
                identifier(portfolioId, "data.portfolio_id");
            }
            updateTypes = oneOf(updateTypes, UPDATE_TYPES, "data.update_types");
        }
    }

    /** {@code subscribe_alerts}: the user's trading alerts, all or of the listed types. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SubscribeAlerts(List<String> alertTypes) implements ClientRequest {
        public SubscribeAlerts {
            alertTypes = alertTypes == null ? List.of() : List.copyOf(alertTypes);
            for (int i = 0; i < alertTypes.size(); i++) {
                identifier(alertTypes.get(i), "data.alert_types[" + i + "]");
            }
        }
    }

    /** {@code unsubscribe}: ends a portfolio, alerts or market-data subscription. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Unsubscribe(String stream, String portfolioId, List<String> symbols) implements ClientRequest {
        public Unsubscribe {
            StreamType type = StreamType.fromWireName(stream).filter(StreamType::unsubscribable).orElse(null);
            if (type == null) {
                throw invalid("data.stream", "must be one of " + StreamType.unsubscribableNames()
                        + " but was " + (stream == null ? "missing" : "'" + stream + "'"));
            }
            if (type == StreamType.MARKET_DATA) {
                symbols = checkSymbols(symbols);
            }
            if (type == StreamType.PORTFOLIO && portfolioId != null && !"*".equals(portfolioId)) {
                identifier(portfolioId, "data.portfolio_id");
            }
        }

        public StreamType streamType() {
            return StreamType.fromWireName(stream).orElseThrow();
        }
    }

    /** {@code ping}: answered with {@code pong}; {@code data} may carry anything the client wants echoed in {@code client_time}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Ping(Long clientTime) implements ClientRequest {
    }

    /**
     * {@code resume}: takes over a dropped session.
     *
     * @param lastSeq highest {@code seq} received on the {@code user} stream
     * @param lastBroadcastSeq highest {@code seq} received on the {@code broadcast} stream, optional
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Resume(String sessionId, Long lastSeq, Long lastBroadcastSeq) implements ClientRequest {
        public Resume {
            if (sessionId == null || sessionId.isBlank()) {
                throw invalid("data.session_id", "is required");
            }
            identifier(sessionId, "data.session_id");
            if (lastSeq == null) {
                throw invalid("data.last_seq", "is required (0 when no user event was received)");
            }
            if (lastSeq < 0) {
                throw invalid("data.last_seq", "must not be negative but was " + lastSeq);
            }
            if (lastBroadcastSeq != null && lastBroadcastSeq < 0) {
                throw invalid("data.last_broadcast_seq", "must not be negative but was " + lastBroadcastSeq);
            }
        }
    }

    /** {@code refresh}: a fresh JWT of the connection's user, so the connection outlives the token it was opened with. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Refresh(String token) implements ClientRequest {
        public Refresh {
            if (token == null || token.isBlank()) {
                throw invalid("data.token", "is required (the new JWT)");
            }
        }
    }

    private static List<String> checkSymbols(List<String> symbols) {
        if (symbols == null || symbols.isEmpty()) {
            throw invalid("data.symbols", "must list at least one symbol");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < symbols.size(); i++) {
            String field = "data.symbols[" + i + "]";
            if (symbols.get(i) == null) {
                throw invalid(field, "must not be null");
            }
            try {
                Check.marketSymbol(symbols.get(i), field);
            } catch (EventValidationException e) {
                throw invalid(field, e.reason());
            }
            unique.add(symbols.get(i));
        }
        return List.copyOf(unique);
    }

    private static List<String> checkDataTypes(List<String> types) {
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type == null || DataType.fromWireName(type).isEmpty()) {
                throw invalid("data.data_types[" + i + "]", "must be one of " + String.join(", ", DataType.wireNames())
                        + " but was " + (type == null ? "null" : "'" + type + "'"));
            }
            if (!checked.contains(type)) {
                checked.add(type);
            }
        }
        return List.copyOf(checked);
    }

    private static List<String> oneOf(List<String> values, Set<String> allowed, String field) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || !allowed.contains(values.get(i))) {
                throw invalid(field + "[" + i + "]", "must be one of " + String.join(", ", allowed.stream().sorted().toList())
                        + " but was " + (values.get(i) == null ? "null" : "'" + values.get(i) + "'"));
            }
        }
        return List.copyOf(values);
    }

    private static void identifier(String value, String field) {
        try {
            Check.identifier(value, field);
        } catch (EventValidationException e) {
            throw invalid(field, e.reason());
        }
    }

    private static ProtocolException invalid(String field, String message) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, field, message);
    }
}
