package dev.marketstream.processor.messaging;

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

    private final MarketRecord reader = new MarketRecord();
    private KeyValueStore<String, byte[]> store;

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
            LOG.warnf("reference-data record of %s left out: a %s keyed %s", record.key(), reader.type().wireName(), record.key());
        } catch (EventValidationException e) {
            LOG.warnf("reference-data record of %s left out: %s", record.key(), e.getMessage());
        }
    }
}
