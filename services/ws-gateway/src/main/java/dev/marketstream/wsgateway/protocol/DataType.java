package dev.marketstream.wsgateway.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The market data types a client subscribes to, each sent as its own server event. */
public enum DataType {
    PRICE("price", ServerEvent.MARKET_DATA),
    VOLUME("volume", ServerEvent.MARKET_VOLUME),
    ORDERBOOK("orderbook", ServerEvent.MARKET_ORDERBOOK),
    CANDLES("candles", ServerEvent.MARKET_CANDLE);

    private final String wireName;
    private final ServerEvent serverEvent;

    DataType(String wireName, ServerEvent serverEvent) {
        this.wireName = wireName;
        this.serverEvent = serverEvent;
    }

    /** Name on the wire and in the Redis snapshot key ({@code RedisKeys.snapshot(wireName)}). */
    public String wireName() {
        return wireName;
    }

    public ServerEvent serverEvent() {
        return serverEvent;
    }

    public static Optional<DataType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(DataType::wireName).toList();
    }
}
