package dev.marketstream.wsgateway.protocol;

/** The events the gateway sends, with their wire names. */
public enum ServerEvent {
    /** Price of a symbol: {@code symbol, price, volume, timestamp, change, change_percent}. */
    MARKET_DATA("market_data"),
    MARKET_VOLUME("market_volume"),
    MARKET_ORDERBOOK("market_orderbook"),
    MARKET_CANDLE("market_candle"),
    /** Stored bars of one symbol and interval before its live candles: {@code symbol, interval, bars} (oldest first). */
    MARKET_CANDLE_HISTORY("market_candle_history"),
    PORTFOLIO_UPDATE("portfolio_update"),
    TRADING_ALERT("trading_alert"),
    SYSTEM_NOTIFICATION("system_notification"),
    SUBSCRIBED("subscribed"),
    UNSUBSCRIBED("unsubscribed"),
    PONG("pong"),
    SESSION("session"),
    /** The answer to {@code refresh}: {@code closes_at}, the epoch second from which the new token no longer counts. */
    REFRESHED("refreshed"),
    ERROR("error");

    private final String wireName;

    ServerEvent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
