package dev.marketstream.processor.messaging;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.market.ReferenceData;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.jboss.logging.Logger;

/**
 * Serde of the reference-data GlobalKTable. A record that is not valid reference data is logged and
 * read as absent (a tombstone) instead of failing: the global thread has no processing-error handler,
 * and one bad instrument must not stop enrichment of all the others.
 */
final class ReferenceDataSerde {

    private static final Logger LOG = Logger.getLogger(ReferenceDataSerde.class);
    private static final EventCodec CODEC = new EventCodec();

    private ReferenceDataSerde() {
    }

    static Serde<EventEnvelope<ReferenceData>> create() {
        return Serdes.serdeFrom((topic, envelope) -> envelope == null ? null : CODEC.encode(envelope), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return CODEC.decode(bytes, ReferenceData.class);
            } catch (RuntimeException e) {
                LOG.warnf("ignoring invalid reference data on %s: %s", topic, e.getMessage());
                return null;
            }
        });
    }
}
