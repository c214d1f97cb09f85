package dev.marketstream.events.kafka;

/** Every topic name of the platform. Services, tests and the local stack take them from here. */
public final class Topics {

    /** Provider ticks as received, keyed by symbol. */
    public static final String MARKET_DATA_RAW = "market-data-raw";
    /** Validated, enriched prices with change against the previous close, keyed by symbol. */
    public static final String MARKET_PRICES = "market-prices";
    /** Traded volume per symbol. */
    public static final String MARKET_VOLUME = "market-volume";
    /** Order-book snapshots per symbol. */
    public static final String MARKET_ORDERBOOK = "market-orderbook";
    /** OHLCV bars (1 s and 1 min) per symbol. */
    public static final String MARKET_DATA_AGGREGATED = "market-data-aggregated";
    /** Instrument reference data (sector, market cap, previous close), compacted, keyed by symbol. */
    public static final String REFERENCE_DATA = "reference-data";
    /** Portfolio updates from business services, keyed by user id. */
    public static final String USER_EVENTS = "user-events";
    /** Trading alerts, keyed by user id. */
    public static final String TRADING_ALERTS = "trading-alerts";
    /** Operator notifications, keyed by notification id. */
    public static final String SYSTEM_NOTIFICATIONS = "system-notifications";

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic of an input topic: records that could not be processed, with the reason in headers. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    public static boolean isDlq(String topic) {
        return topic.endsWith(DLQ_SUFFIX);
    }
}
