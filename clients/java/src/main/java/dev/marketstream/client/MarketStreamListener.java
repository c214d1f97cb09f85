package dev.marketstream.client;

/**
 * What the application hears from a {@link MarketStreamClient}, on the client's one thread, in the order frames arrive.
 * Every method does nothing unless overridden.
 */
public interface MarketStreamListener {

    /** {@code market_data}, {@code market_volume}, {@code market_candle}: latest values (a skipped {@code seq} was superseded). */
    default void onMarket(ServerFrame frame) {
    }

    /** An order-book frame was applied; {@code book} is the symbol's book after it. */
    default void onOrderBook(ServerFrame frame, OrderBook book) {
    }

    /** {@code portfolio_update}, {@code trading_alert}, {@code system_notification}: once per {@code event_id}, in order, across reconnects. */
    default void onUserEvent(ServerFrame frame) {
    }

    default void onState(MarketStreamClient.StateChange change) {
    }

    /** A {@code seq} gap on a value stream ({@code superseded}) or a {@code book_seq} gap ({@code book}: repaired by a snapshot). */
    default void onGap(MarketStreamClient.Gap gap) {
    }

    /** Refusals no future was waiting for, failed resumes, and why the client failed. */
    default void onError(MarketStreamException error) {
    }
}
