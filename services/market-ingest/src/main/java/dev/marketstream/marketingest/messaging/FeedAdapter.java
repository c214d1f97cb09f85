package dev.marketstream.marketingest.messaging;

/**
 * A source of ticks. Each adapter turns its input (a generator, a provider connection, a recording)
 * into parsed batches of JSON ticks, or straight into binary records (the generator), and hands them to
 * {@link dev.marketstream.marketingest.messaging.TickPublisher}.
 */
public interface FeedAdapter {

    /** Short name, used as the envelopes' {@code source} and in metrics. */
    String name();

    void start();

    void stop();

    boolean running();
}
