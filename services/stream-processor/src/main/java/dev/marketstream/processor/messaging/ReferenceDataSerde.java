package dev.marketstream.processor.messaging;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.market.ReferenceData;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.jboss.logging.Logger;

/**
 * Serde of the reference-data GlobalKTable. A record that is not valid reference data is logged and
 * read as absent (a tombstone) instead of failing: the global thread has no processing-error handler,
 * and one bad instrument must not stop enrichment of all the others. The join reads the store for
 * every tick, so decoded values are kept by their bytes (bounded), sparing a JSON parse per tick.
 */
final class ReferenceDataSerde {

    private static final Logger LOG = Logger.getLogger(ReferenceDataSerde.class);
    private static final EventCodec CODEC = new EventCodec();
    private static final int CACHE_LIMIT = 20_000;

    private ReferenceDataSerde() {
    }

    static Serde<EventEnvelope<ReferenceData>> create() {
        Map<ByteBuffer, EventEnvelope<ReferenceData>> decoded = new ConcurrentHashMap<>();
        return Serdes.serdeFrom((topic, envelope) -> envelope == null ? null : CODEC.encode(envelope), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            EventEnvelope<ReferenceData> known = decoded.get(ByteBuffer.wrap(bytes));
            if (known != null) {
                return known;
            }
            try {
                EventEnvelope<ReferenceData> envelope = CODEC.decode(bytes, ReferenceData.class);
                if (decoded.size() < CACHE_LIMIT) {
                    decoded.put(ByteBuffer.wrap(bytes.clone()), envelope);
                }
                return envelope;
            } catch (RuntimeException e) {
                LOG.warnf("ignoring invalid reference data on %s: %s", topic, e.getMessage());
                return null;
            }
        });
    }
}
