package dev.marketstream.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The chart's alert rules (files/prometheus/rules.yml) pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules rules.test.yml}); every alert has a test where it fires and one where it stays silent,
 * every recording rule an expression test, and every alert a runbook section in docs/operations.md.
 */
class PrometheusRulesTest {

    static final Path DIR = Chart.DIR.resolve("files/prometheus");
    static final Path RULES = DIR.resolve("rules.yml");
    static final Path TESTS = DIR.resolve("rules.test.yml");
    static final Path OPERATIONS = Chart.DIR.resolve("../../docs/operations.md").normalize();
    static final String RUNBOOKS = "https://github.com/marketstream/marketstream/blob/main/docs/operations.md#";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        promtool("check", "rules", RULES.toString());
    }

    @Test
    void rulesPassTheirPromtoolUnitTests() throws Exception {
        promtool("test", "rules", TESTS.toString());
    }

    @Test
    void everyAlertFiresInOneTestAndStaysSilentInAnother() throws IOException {
        JsonNode tests = YAML.readTree(TESTS.toFile()).path("tests");
        for (String alert : names(RULES, "alert")) {
            List<JsonNode> cases = new ArrayList<>();
            tests.forEach(test -> test.path("alert_rule_test").forEach(c -> {
                if (alert.equals(c.path("alertname").asText())) {
                    cases.add(c);
                }
            }));
            assertThat(cases).as("alert_rule_test cases of %s in %s", alert, TESTS.getFileName())
                    .anyMatch(c -> !c.path("exp_alerts").isEmpty())
                    .anyMatch(c -> c.path("exp_alerts").isEmpty());
        }
    }

    @Test
    void everyRecordingRuleHasAnExpressionTest() throws IOException {
        JsonNode tests = YAML.readTree(TESTS.toFile()).path("tests");
        for (String record : names(RULES, "record")) {
            boolean tested = StreamSupport.stream(tests.spliterator(), false)
                    .flatMap(test -> StreamSupport.stream(test.path("promql_expr_test").spliterator(), false))
                    .anyMatch(c -> c.path("expr").asText().contains(record));
            assertThat(tested).as("a promql_expr_test of %s in %s", record, TESTS.getFileName()).isTrue();
        }
    }

    @Test
    void everyAlertLinksToItsRunbookSection() throws IOException {
        String operations = Files.readString(OPERATIONS);
        for (JsonNode rule : rules(RULES)) {
            if (!rule.has("alert")) {
                continue;
            }
            String alert = rule.path("alert").asText();
            JsonNode annotations = rule.path("annotations");
            assertThat(annotations.path("summary").asText()).as("summary of %s", alert).isNotBlank();
            assertThat(annotations.path("description").asText()).as("description of %s", alert).isNotBlank();
            assertThat(annotations.path("runbook_url").asText()).as("runbook_url of %s", alert)
                    .isEqualTo(RUNBOOKS + alert.toLowerCase(Locale.ROOT));
            assertThat(operations).as("a runbook heading for %s in docs/operations.md", alert).contains("\n### " + alert + "\n");
            assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", alert).isIn("warning", "critical");
        }
    }

    /** Runs promtool (installed by scripts/require when missing) and fails with its output unless it exits 0. */
    private static void promtool(String... args) throws Exception {
        run(List.of(Chart.DIR.resolve("../../scripts/require").normalize().toString(), "promtool"));
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited && process.exitValue() == 0).as("%s failed:%n%s", String.join(" ", command), output).isTrue();
    }

    static List<JsonNode> rules(Path file) throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        YAML.readTree(file.toFile()).path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    private static List<String> names(Path file, String kind) throws IOException {
        return rules(file).stream().filter(r -> r.has(kind)).map(r -> r.path(kind).asText()).distinct().toList();
    }
}
