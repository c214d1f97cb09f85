package dev.marketstream.streamprocessor.domain;

import static dev.marketstream.testing.BinaryMarket.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.binary.Decimals;
import org.junit.jupiter.api.Test;

/** Proves a window's open and close follow exchange time, not arrival order, and its VWAP weights by size. */
class WindowTest {

    private static final long S = 1_000_000_000L;

    @Test
    void openAndCloseFollowExchangeTimeAndTiesKeepArrivalOrder() {
        Window window = new Window(1, 0);
        window.add(500, fixed("10"), fixed("1"));
        window.add(100, fixed("9"), fixed("1"));   // earlier, arrives later: the new open
        window.add(900, fixed("11"), fixed("1"));
        window.add(900, fixed("12"), fixed("1"));  // same time as the close: arrives later, wins

        assertThat(Decimals.toString(window.open())).isEqualTo("9");
        assertThat(Decimals.toString(window.close())).isEqualTo("12");
        assertThat(Decimals.toString(window.high())).isEqualTo("12");
        assertThat(Decimals.toString(window.low())).isEqualTo("9");
        assertThat(window.trades()).isEqualTo(4);
    }

    @Test
    void vwapWeightsPricesBySizeAndFallsBackToTheCloseWithoutVolume() {
        Window window = new Window(60, 0);
        window.add(1, fixed("10"), fixed("100"));
        window.add(2, fixed("20"), fixed("300"));
        assertThat(Decimals.toString(window.vwap())).isEqualTo("17.5");

        Window empty = new Window(60, 0);
        empty.add(1, fixed("10"), 0);
        assertThat(Decimals.toString(empty.vwap())).isEqualTo("10");
    }

    @Test
    void windowsStartOnWholeIntervalsAlsoBeforeTheEpoch() {
        assertThat(Window.startOf(61 * S + 5, 60)).isEqualTo(60 * S);
        assertThat(Window.startOf(-1, 1)).isEqualTo(-S);
    }
}
