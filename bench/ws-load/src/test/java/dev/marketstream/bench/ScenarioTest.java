package dev.marketstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void drawsTheSameSymbolsAsTheNodeClient() {
        // the values bench/ws-load-node/scenario.test.js expects: both clients run one scenario
        assertThat(Scenario.symbolsOf("WSLOAD", 99, 5, 500)).containsExactly("WSLOAD130", "WSLOAD402", "WSLOAD270", "WSLOAD345", "WSLOAD0");
        assertThat(Scenario.symbolsOf("WSLOAD", 100, 5, 500)).containsExactly("WSLOAD102", "WSLOAD157", "WSLOAD265", "WSLOAD444", "WSLOAD276");
    }

    @Test
    void subscribesAConnectionToDistinctSymbolsAndNeverMoreThanThereAre() {
        assertThat(Scenario.symbolsOf("S", 7, 5, 3)).containsExactlyInAnyOrder("S0", "S1", "S2");
        assertThat(Scenario.symbolsOf("S", 12345, 50, 500)).doesNotHaveDuplicates().hasSize(50);
    }

    @Test
    void spreadsConnectionsEvenlyOverTheSymbols() {
        Map<String, Integer> subscribers = new HashMap<>();
        for (int connection = 0; connection < 10_000; connection++) {
            Scenario.symbolsOf("S", connection, 5, 500).forEach(s -> subscribers.merge(s, 1, Integer::sum));
        }
        assertThat(subscribers).hasSize(500);
        assertThat(subscribers.values()).allSatisfy(count -> assertThat(count).isBetween(60, 140));
    }
}
