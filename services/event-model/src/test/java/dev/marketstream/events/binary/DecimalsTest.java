package dev.marketstream.events.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketstream.events.codec.EventValidationException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Proves fixed-point decimals convert exactly, refuse what does not fit, and print as plain JSON numbers. */
class DecimalsTest {

    @Test
    void convertsExactlyBothWays() {
        assertThat(Decimals.of(new BigDecimal("189.5"), "price")).isEqualTo(18_950_000_000L);
        assertThat(Decimals.of(new BigDecimal("0.00000001"), "price")).isEqualTo(1L);
        assertThat(Decimals.toBigDecimal(18_950_000_000L)).isEqualByComparingTo("189.5");
        assertThat(Decimals.ofUnits(12)).isEqualTo(1_200_000_000L);
    }

    @Test
    void refusesMoreThanEightDecimalsOrTooLargeANumberNamingTheField() {
        assertThatThrownBy(() -> Decimals.of(new BigDecimal("1.000000001"), "data.price"))
                .isInstanceOfSatisfying(EventValidationException.class, e -> assertThat(e.field()).isEqualTo("data.price"));
        assertThatThrownBy(() -> Decimals.of(new BigDecimal("100000000000"), "data.volume"))
                .isInstanceOf(EventValidationException.class).hasMessageContaining("does not fit");
    }

    @Test
    void printsPlainNumbersWithoutTrailingZeros() {
        assertThat(Decimals.toString(18_950_000_000L)).isEqualTo("189.5");
        assertThat(Decimals.toString(1_200_000_000L)).isEqualTo("12");
        assertThat(Decimals.toString(5_000_000L)).isEqualTo("0.05");
        assertThat(Decimals.toString(-25_000_000L)).isEqualTo("-0.25");
        assertThat(Decimals.toString(1L)).isEqualTo("0.00000001");
        assertThat(Decimals.toString(0L)).isEqualTo("0");
        assertThat(Decimals.toString(100_012_300_000L)).isEqualTo("1000.123");
    }

    @Test
    void printedNumbersParseBackToTheSameValue() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() / (1L << random.nextInt(40));
            assertThat(Decimals.of(new BigDecimal(Decimals.toString(value)), "x")).isEqualTo(value);
        }
    }
}
