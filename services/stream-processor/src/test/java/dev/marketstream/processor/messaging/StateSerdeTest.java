package dev.marketstream.processor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.processor.domain.OhlcvAccumulator;
import dev.marketstream.processor.domain.SessionVolume;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Proves the binary state serdes keep every field exactly, empty accumulators included, and refuse foreign layouts. */
class StateSerdeTest {

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void accumulatorSurvivesWithExactDecimals() {
        OhlcvAccumulator accumulator = OhlcvAccumulator.empty()
                .add(new MarketTick("X", new BigDecimal("10.0100"), new BigDecimal("3"), Instant.ofEpochMilli(5)))
                .add(new MarketTick("X", new BigDecimal("123456789012345678901234.5"), new BigDecimal("0.001"), Instant.ofEpochMilli(9)));

        assertThat(roundTrip(StateSerde.accumulator(), accumulator)).isEqualTo(accumulator);
        assertThat(roundTrip(StateSerde.accumulator(), OhlcvAccumulator.empty())).isEqualTo(OhlcvAccumulator.empty());
    }

    @Test
    void sessionVolumeSurvives() {
        SessionVolume volume = new SessionVolume(20_000, new BigDecimal("1250300.5"));

        assertThat(roundTrip(StateSerde.sessionVolume(), volume)).isEqualTo(volume);
    }

    @Test
    void refusesStateOfAnotherLayout() {
        byte[] bytes = StateSerde.sessionVolume().serializer().serialize("t", new SessionVolume(1, BigDecimal.ONE));
        bytes[0] = 99;

        assertThatThrownBy(() -> StateSerde.sessionVolume().deserializer().deserialize("t", bytes))
                .hasMessageContaining("layout 99");
    }
}
