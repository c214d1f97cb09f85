package dev.marketstream.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names the chart's alert rules and Grafana dashboards query, and the names a service's {@code /q/metrics}
 * exports, so a test can compare them. Names are compared as Prometheus shows series, suffixes included
 * ({@code _total}, {@code _bucket}, ...).
 */
final class MetricReferences {

    /** Series Prometheus makes itself, and recording rules (their names hold a colon): not exported by a service. */
    private static final Set<String> NOT_EXPORTED = Set.of("up");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricReferences() {
    }

    /** The metric names one PromQL expression selects (functions, keywords, labels and recording rules left out). */
    static Set<String> inExpression(String promql) {
        String bare = STRINGS.matcher(promql).replaceAll("\"\"");
        bare = MATCHERS_AND_RANGES.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            String found = name.group(1);
            if (!KEYWORDS.contains(found.toLowerCase()) && !NOT_EXPORTED.contains(found) && !found.contains(":")) {
                names.add(found);
            }
        }
        return names;
    }

    /** Metric name → where it is queried, for every expression of the rules file and every panel of the dashboards. */
    static Map<String, String> inRulesAndDashboards(Path rules, Path dashboards) {
        Map<String, String> references = new TreeMap<>();
        try {
            YAML.readTree(rules.toFile()).path("groups").forEach(group -> group.path("rules").forEach(rule -> {
                String where = "rule " + rule.path(rule.has("alert") ? "alert" : "record").asText();
                inExpression(rule.path("expr").asText()).forEach(n -> references.putIfAbsent(n, where));
            }));
            try (Stream<Path> files = Files.list(dashboards)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                        String where = file.getFileName() + " panel '" + panel.path("title").asText() + "'";
                        panel.path("targets").forEach(t -> inExpression(t.path("expr").asText()).forEach(n -> references.putIfAbsent(n, where)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return references;
    }

    /** The metric names of a Prometheus text exposition. */
    static Set<String> exported(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(exposition);
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }
}
