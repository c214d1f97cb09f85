package dev.marketstream.gateway.domain;

/** What the fan-out delivers to: one connection, on its lane. */
public interface MarketSubscriber {

    Lane lane();

    /** Called on {@link #lane()} for every live frame of a stream the subscriber is registered for. */
    void onMarketFrame(MarketFrame frame);
}
