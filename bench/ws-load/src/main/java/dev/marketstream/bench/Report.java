package dev.marketstream.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Merges the results of several {@link WsLoad} processes ({@code <out>.txt} and {@code <out>.hgrm} files):
 * sums connections, failures and messages, merges the tick-latency and connect → {@code subscribed} histograms
 * ({@code <out>.subscribed.hgrm}, when the clients wrote one), and reports wire bytes per message
 * separately for compressed and uncompressed clients with the reduction between them.
 * Usage: {@code Report file-prefix...}
 */
public final class Report {

    public static void main(String[] prefixes) throws IOException {
        Histogram latency = new Histogram(3);
        Histogram toSubscribed = new Histogram(3);
        Map<String, Double> sums = new LinkedHashMap<>();
        double[] wire = new double[2];
        double[] msgs = new double[2];
        double[] chars = new double[2];
        List<String> gateways = new java.util.ArrayList<>();
        for (String prefix : prefixes) {
            Map<String, String> result = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(prefix + ".txt"))) {
                int eq = line.indexOf('=');
                result.put(line.substring(0, eq), line.substring(eq + 1));
            }
            for (String key : List.of("connections_target", "connections_open_at_start", "connections_open_at_end", "connect_failures",
                    "closed_by_server", "delivered_msgs", "delivered_msgs_per_s", "live_ticks", "load_cpu_cores")) {
                sums.merge(key, Double.parseDouble(result.get(key)), Double::sum);
            }
            for (String key : List.of("connections_session", "connections_subscribed")) {
                if (result.containsKey(key)) {
                    sums.merge(key, Double.parseDouble(result.get(key)), Double::sum);
                }
            }
            int group = Boolean.parseBoolean(result.get("compress")) ? 1 : 0;
            wire[group] += Double.parseDouble(result.get("wire_bytes"));
            msgs[group] += Double.parseDouble(result.get("delivered_msgs"));
            chars[group] += Double.parseDouble(result.get("payload_chars"));
            if (result.containsKey("gateway_cpu_cores")) {
                gateways.add("gateway_cpu_cores=" + result.get("gateway_cpu_cores") + " gateway_cpu_sys_cores=" + result.get("gateway_cpu_sys_cores")
                        + " gateway_cpu_jit_cores=" + result.get("gateway_cpu_jit_cores")
                        + " gateway_rss_before_kib=" + result.get("gateway_rss_before_kib")
                        + " gateway_rss_mean_kib=" + result.get("gateway_rss_mean_kib") + " gateway_rss_max_kib=" + result.get("gateway_rss_max_kib")
                        + " gateway_open_files_max=" + result.get("gateway_open_files_max") + " loadavg_1m_mean=" + result.get("loadavg_1m_mean")
                        + " machine_cpu_busy_pct=" + result.get("machine_cpu_busy_pct")
                        + " window_seconds=" + result.get("window_seconds"));
                // several gateway processes (run.sh GATEWAYS=P): each measured by one load process, summed here
                sums.merge("rss_before", Double.parseDouble(result.get("gateway_rss_before_kib")), Double::sum);
                sums.merge("rss_mean", Double.parseDouble(result.get("gateway_rss_mean_kib")), Double::sum);
                sums.merge("cpu", Double.parseDouble(result.get("gateway_cpu_cores")), Double::sum);
                sums.merge("cpu_jit", Double.parseDouble(result.getOrDefault("gateway_cpu_jit_cores", "NaN")), Double::sum);
            }
            latency.add(histogram(Path.of(prefix + ".hgrm")));
            Path subscribeTimes = Path.of(prefix + ".subscribed.hgrm");
            if (Files.exists(subscribeTimes)) {
                toSubscribed.add(histogram(subscribeTimes));
            }
        }
        StringBuilder out = new StringBuilder();
        sums.forEach((k, v) -> {
            if (!k.startsWith("rss") && !k.startsWith("cpu")) {
                out.append(k).append('=').append(fmt(v)).append('\n');
            }
        });
        out.append(String.format(Locale.ROOT, "latency_ms p50=%.2f p99=%.2f p99.9=%.2f max=%.2f samples=%d%n",
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getValueAtPercentile(99.9) / 1000.0, latency.getMaxValue() / 1000.0, latency.getTotalCount()));
        if (toSubscribed.getTotalCount() > 0) {
            out.append(String.format(Locale.ROOT, "connect_to_subscribed_ms p50=%.2f p99=%.2f max=%.2f samples=%d%n",
                    toSubscribed.getValueAtPercentile(50) / 1000.0, toSubscribed.getValueAtPercentile(99) / 1000.0,
                    toSubscribed.getMaxValue() / 1000.0, toSubscribed.getTotalCount()));
        }
        if (!gateways.isEmpty()) {
            double open = sums.get("connections_open_at_end");
            gateways.forEach(line -> out.append(line).append('\n'));
            if (gateways.size() > 1) {
                out.append(String.format(Locale.ROOT, "gateways=%d gateway_cpu_cores_total=%.2f%n", gateways.size(), sums.get("cpu")));
            }
            if (open > 0) {
                out.append(String.format(Locale.ROOT, "gateway_rss_per_connection_kib=%.1f gateway_cpu_per_1000_connections=%.3f%n",
                        (sums.get("rss_mean") - sums.get("rss_before")) / open, sums.get("cpu") * 1000 / open));
            }
            double perSecond = sums.get("delivered_msgs_per_s");
            if (perSecond > 0) {
                // also without the JIT compiler threads' CPU, which a warm JVM no longer spends and a native
                // executable never does
                out.append(String.format(Locale.ROOT, "gateway_cpu_us_per_delivered_msg=%.1f without_jit=%.1f%n",
                        sums.get("cpu") * 1_000_000 / perSecond,
                        (sums.get("cpu") - sums.get("cpu_jit")) * 1_000_000 / perSecond));
            }
        }
        for (int group = 0; group < 2; group++) {
            if (msgs[group] > 0) {
                out.append(String.format(Locale.ROOT, "%s: wire_bytes_per_msg=%.1f payload_chars_per_msg=%.1f msgs=%.0f%n",
                        group == 1 ? "compressed" : "uncompressed", wire[group] / msgs[group], chars[group] / msgs[group], msgs[group]));
            }
        }
        if (msgs[0] > 0 && msgs[1] > 0) {
            out.append(String.format(Locale.ROOT, "compression_wire_reduction=%.1f%%%n",
                    100 * (1 - (wire[1] / msgs[1]) / (wire[0] / msgs[0]))));
        }
        System.out.print(out);
    }

    private static Histogram histogram(Path file) throws IOException {
        byte[] encoded = Base64.getDecoder().decode(Files.readString(file).trim());
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException("unreadable histogram in " + file, e);
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
