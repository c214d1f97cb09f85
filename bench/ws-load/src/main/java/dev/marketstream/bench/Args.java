package dev.marketstream.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command-line arguments with defaults; unknown keys are refused so a typo never goes unnoticed. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> defaults;

    Args(String[] args, Map<String, String> defaults) {
        this.defaults = defaults;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !defaults.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; known: " + defaults.keySet());
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    String text(String key) {
        String value = values.getOrDefault(key, defaults.get(key));
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("argument " + key + "= is required");
        }
        return value;
    }

    String optional(String key) {
        return values.getOrDefault(key, defaults.get(key));
    }

    int integer(String key) {
        return Integer.parseInt(text(key));
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    /** Refuses anything but a loopback address: load never leaves this machine. */
    static String loopback(String host) {
        if (!host.startsWith("127.")) {
            throw new IllegalArgumentException("loopback targets only, not " + host);
        }
        return host;
    }
}
