package dev.marketstream.streamprocessor.messaging;

import static dev.marketstream.testing.BinaryMarket.bookSnapshot;
import static dev.marketstream.testing.BinaryMarket.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.streamprocessor.domain.BookStream;
import dev.marketstream.streamprocessor.domain.SymbolState;
import dev.marketstream.streamprocessor.domain.Window;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proves the processor's state survives its binary store format exactly: session volume, open windows, books and sequences. */
class StateCodecTest {

    private final StateCodec codec = new StateCodec();

    @Test
    void symbolStateRoundTrips() {
        SymbolState state = new SymbolState();
        state.addVolume(5, fixed("100"));
        state.window(1, 0).add(5, fixed("189.42"), fixed("100"));
        state.window(60, 0).add(5, fixed("189.42"), fixed("100"));

        SymbolState copy = codec.decodeSymbol(codec.encode(state));

        assertThat(copy.cumulativeVolume()).isEqualTo(state.cumulativeVolume());
        assertThat(copy.sessionDay()).isEqualTo(state.sessionDay());
        assertThat(copy.windows()).hasSize(2);
        Window restored = copy.window(1, 0);
        assertThat(restored.trades()).isEqualTo(1);
        assertThat(restored.open()).isEqualTo(fixed("189.42"));
        assertThat(restored.notional()).isEqualTo(state.window(1, 0).notional());
        assertThat(restored.openTime()).isEqualTo(5);
    }

    @Test
    void bookStreamRoundTripsWithItsLevelsAndSequences() {
        BookStream stream = new BookStream();
        MarketRecord reader = new MarketRecord();
        reader.wrap(bookSnapshot("AAPL", 7, Instant.EPOCH, "B 10x1", "B 9x2", "A 11x3"));
        stream.apply(reader.bookUpdate(), 0, 100, Long.MAX_VALUE);

        BookStream copy = codec.decodeBook(codec.encode(stream));

        assertThat(copy.book().sameLevels(stream.book())).isTrue();
        assertThat(copy.book().seq()).isEqualTo(7);
        assertThat(copy.book().synced()).isTrue();
        assertThat(copy.outputSeq()).isEqualTo(1);
        assertThat(copy.lastSnapshotTime()).isZero();
    }
}
