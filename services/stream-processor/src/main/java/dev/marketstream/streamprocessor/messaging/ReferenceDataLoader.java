package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.codec.EventValidationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Keeps the global reference-data store: each valid binary {@code ReferenceData} record of the compacted topic
 * replaces its symbol's entry, a tombstone removes it. A record that is not valid reference data is logged and left
 * out, so it can never stop the global thread (which has no dead-letter path).
 */
final class ReferenceDataLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = Logger.getLogger(ReferenceDataLoader.class);

    /** Invalid records logged one by one; after that, every thousandth (a compacted topic may hold many old ones). */
    private static final int LOGGED_ONE_BY_ONE = 10;

    private final MarketRecord reader = new MarketRecord();
    private KeyValueStore<String, byte[]> store;
    private long leftOut;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(TopologyProducer.REFERENCE_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            if (reader.wrap(record.value()) == MarketType.REFERENCE_DATA && record.key().equals(reader.symbol())) {
                store.put(record.key(), record.value());
                return;
            }
            leftOut(record.key(), "a " + reader.type().wireName() + " record");
        } catch (EventValidationException e) {
            leftOut(record.key(), e.getMessage());
        }
    }

    private void leftOut(String key, String why) {
        leftOut++;
        if (leftOut <= LOGGED_ONE_BY_ONE || leftOut % 1000 == 0) {
            LOG.warnf("reference-data record of %s left out (%d so far): %s", key, leftOut, why);
        }
    }
}
