package dev.marketstream.wsgateway.domain;

/** What the fan-out delivers to: one connection's subscription of a stream, on the connection's lane. */
public interface MarketSubscriber {

    Lane lane();

    /**
     * Called on {@link #lane()} for every live frame of a stream the subscriber is registered for. The frame may be
     * written without being flushed: {@link #flush()} follows once the batch it came in is delivered.
     */
    void onMarketFrame(MarketFrame frame);

    /**
     * Called on {@link #lane()} after the last frame of a batch: pushes what was written to the network. Subscribers of
     * one connection share its flush, so it may come once per subscriber: it must do nothing when nothing waits.
     */
    void flush();
}
