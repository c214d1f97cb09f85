package dev.marketstream.wsgateway.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The events a client may send, with their wire names and the record their {@code data} becomes. */
public enum ClientEvent {
    SUBSCRIBE_MARKET_DATA("subscribe_market_data", ClientRequest.SubscribeMarketData.class),
    UNSUBSCRIBE_MARKET_DATA("unsubscribe_market_data", ClientRequest.UnsubscribeMarketData.class),
    SUBSCRIBE_PORTFOLIO("subscribe_portfolio", ClientRequest.SubscribePortfolio.class),
    SUBSCRIBE_ALERTS("subscribe_alerts", ClientRequest.SubscribeAlerts.class),
    UNSUBSCRIBE("unsubscribe", ClientRequest.Unsubscribe.class),
    PING("ping", ClientRequest.Ping.class),
    RESUME("resume", ClientRequest.Resume.class),
    REFRESH("refresh", ClientRequest.Refresh.class);

    private static final Map<String, ClientEvent> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(e -> e.wireName, Function.identity()));

    private final String wireName;
    private final Class<? extends ClientRequest> requestType;

    ClientEvent(String wireName, Class<? extends ClientRequest> requestType) {
        this.wireName = wireName;
        this.requestType = requestType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends ClientRequest> requestType() {
        return requestType;
    }

    public static Optional<ClientEvent> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String wireNames() {
        return BY_WIRE_NAME.keySet().stream().sorted().collect(Collectors.joining(", "));
    }
}
