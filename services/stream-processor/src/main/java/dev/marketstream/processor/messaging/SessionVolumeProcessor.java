package dev.marketstream.processor.messaging;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.VolumeUpdate;
import dev.marketstream.processor.domain.SessionVolume;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/** Adds each tick's volume to its symbol's session total (a changelogged store, so exactly once) and emits the volume update. */
final class SessionVolumeProcessor implements FixedKeyProcessor<String, EventEnvelope<MarketTick>, EventEnvelope<VolumeUpdate>> {

    private final String storeName;
    private final String source;
    private FixedKeyProcessorContext<String, EventEnvelope<VolumeUpdate>> context;
    private KeyValueStore<String, SessionVolume> store;

    SessionVolumeProcessor(String storeName, String source) {
        this.storeName = storeName;
        this.source = source;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, EventEnvelope<VolumeUpdate>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, EventEnvelope<MarketTick>> record) {
        MarketTick tick = record.value().data();
        SessionVolume stored = store.get(record.key());
        SessionVolume session = (stored == null ? SessionVolume.NONE : stored).add(tick);
        store.put(record.key(), session);
        context.forward(record.withValue(record.value().derive(source, session.update(tick))));
    }
}
