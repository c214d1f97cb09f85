package dev.marketstream.processor.messaging;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.processor.domain.ValidatedTick;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step of the topology: decodes the raw bytes as a tick envelope and checks what the codec
 * cannot (key equals symbol, timestamp not in the future). A valid tick continues with its exchange
 * time as record time (so windows use event time) and a new span; an invalid record continues with
 * {@link DeadLetterHeaders} describing where it came from and why, towards the DLQ. Decoding inside
 * the topology, rather than in a deserializer, keeps dead letters inside the exactly-once transaction.
 */
final class TickValidator implements FixedKeyProcessor<String, byte[], ValidatedTick> {

    private static final EventCodec CODEC = new EventCodec();

    private final Clock clock;
    private final Duration maxClockSkew;
    private FixedKeyProcessorContext<String, ValidatedTick> context;

    TickValidator(Clock clock, Duration maxClockSkew) {
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ValidatedTick> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        EventEnvelope<MarketTick> tick;
        try {
            tick = validate(record.key(), record.value());
        } catch (RuntimeException e) {
            RecordMetadata source = context.recordMetadata().orElseThrow();
            DeadLetterHeaders.write(record.headers(), source.topic(), source.partition(), source.offset(), e);
            context.forward(record.withValue(ValidatedTick.invalid(record.value())));
            return;
        }
        TraceHeaders.write(record.headers(), TraceHeaders.continueFrom(record.headers()));
        context.forward(record.withValue(ValidatedTick.valid(tick)).withTimestamp(tick.data().timestamp().toEpochMilli()));
    }

    private EventEnvelope<MarketTick> validate(String key, byte[] value) {
        EventEnvelope<MarketTick> tick = CODEC.decode(value, MarketTick.class);
        String symbol = tick.data().symbol();
        if (!Objects.equals(key, symbol)) {
            throw EventValidationException.invalid("data.symbol",
                    "record key '" + key + "' differs from the symbol " + symbol + "; ticks are keyed by symbol");
        }
        Instant latest = clock.instant().plus(maxClockSkew);
        if (tick.data().timestamp().isAfter(latest)) {
            throw EventValidationException.invalid("data.timestamp",
                    tick.data().timestamp() + " is more than " + maxClockSkew.toSeconds() + " s in the future");
        }
        return tick;
    }
}
