package dev.marketstream.events.binary;

/** Bar intervals as clients name them ({@code 1s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}) and as records carry them (seconds). */
public final class Intervals {

    private Intervals() {
    }

    public static String name(int seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** Seconds of a name such as {@code 1m}; -1 for anything else. */
    public static int seconds(String name) {
        if (name == null || name.length() < 2 || name.length() > 5) {
            return -1;
        }
        int unit = switch (name.charAt(name.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3_600;
            case 'd' -> 86_400;
            default -> -1;
        };
        try {
            int count = Integer.parseInt(name, 0, name.length() - 1, 10);
            return unit < 0 || count < 1 ? -1 : count * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
