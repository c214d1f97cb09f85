package dev.marketstream.events;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.ReferenceData;
import dev.marketstream.events.market.VolumeUpdate;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.SystemNotification;
import dev.marketstream.events.user.TradingAlert;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every kind of event on the platform, with its wire name and payload type. */
public enum EventType {
    MARKET_TICK("market.tick", MarketTick.class),
    PRICE_UPDATE("market.price", PriceUpdate.class),
    VOLUME_UPDATE("market.volume", VolumeUpdate.class),
    ORDER_BOOK_UPDATE("market.orderbook", OrderBookUpdate.class),
    OHLCV_BAR("market.ohlcv", OhlcvBar.class),
    PORTFOLIO_UPDATE("portfolio.update", PortfolioUpdate.class),
    TRADING_ALERT("trading.alert", TradingAlert.class),
    SYSTEM_NOTIFICATION("system.notification", SystemNotification.class),
    REFERENCE_DATA("market.reference", ReferenceData.class);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.wireName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_PAYLOAD =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.payloadType, Function.identity()));

    private final String wireName;
    private final Class<? extends EventPayload> payloadType;

    EventType(String wireName, Class<? extends EventPayload> payloadType) {
        this.wireName = wireName;
        this.payloadType = payloadType;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    public static EventType of(EventPayload payload) {
        return BY_PAYLOAD.get(payload.getClass());
    }

    /** The wire names, for error messages that list what is accepted. */
    public static String wireNames() {
        return String.join(", ", BY_WIRE_NAME.keySet().stream().sorted().toList());
    }
}
