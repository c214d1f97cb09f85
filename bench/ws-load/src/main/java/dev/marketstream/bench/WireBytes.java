package dev.marketstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes the kernel received on this process's client sockets to the gateway port, read from {@code ss -ti}
 * ({@code bytes_received}: TCP payload, i.e. WebSocket frames as they crossed the wire, compressed or not).
 */
final class WireBytes {

    private static final Pattern RECEIVED = Pattern.compile("bytes_received:(\\d+)");

    private WireBytes() {
    }

    /**
     * Sum of bytes received by established sockets from {@code port} whose local address is one of {@code sources}
     * (Java's sockets are dual-stack: their IPv4 addresses show as {@code [::ffff:127.0.0.2]}).
     */
    static long received(int port, Set<String> sources) {
        ProcessBuilder ss = new ProcessBuilder("ss", "-tinH", "state", "established", "( dport = :" + port + " )");
        ss.redirectErrorStream(true);
        long total = 0;
        try {
            Process process = ss.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                boolean ours = false;
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                        String[] fields = line.trim().split("\\s+");
                        String local = fields.length >= 4 ? fields[2] : "";
                        String address = local.substring(0, Math.max(0, local.lastIndexOf(':'))).replace("[", "").replace("]", "");
                        ours = sources.contains(address.startsWith("::ffff:") ? address.substring(7) : address);
                    } else if (ours) {
                        Matcher m = RECEIVED.matcher(line);
                        if (m.find()) {
                            total += Long.parseLong(m.group(1));
                        }
                    }
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return total;
    }
}
