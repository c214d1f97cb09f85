package dev.marketstream.helm;

import java.util.List;

/**
 * What drifted between a golden render and a fresh one, as numbered lines: each changed line when the line count is the
 * same (a changed value), else the span from the first to the last difference (added or removed lines).
 */
final class LineDiff {

    private static final int MAX_LINES = 60;

    private LineDiff() {
    }

    static String of(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        StringBuilder out = new StringBuilder();
        if (want.size() == got.size()) {
            for (int i = 0; i < want.size() && out.length() < MAX_LINES * 120; i++) {
                if (!want.get(i).equals(got.get(i))) {
                    line(out, '-', i, want.get(i));
                    line(out, '+', i, got.get(i));
                }
            }
            return out.toString();
        }
        int first = 0;
        while (first < want.size() && first < got.size() && want.get(first).equals(got.get(first))) {
            first++;
        }
        int lastWant = want.size() - 1;
        int lastGot = got.size() - 1;
        while (lastWant >= first && lastGot >= first && want.get(lastWant).equals(got.get(lastGot))) {
            lastWant--;
            lastGot--;
        }
        for (int i = first; i <= Math.min(lastWant, first + MAX_LINES); i++) {
            line(out, '-', i, want.get(i));
        }
        for (int i = first; i <= Math.min(lastGot, first + MAX_LINES); i++) {
            line(out, '+', i, got.get(i));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, char sign, int index, String text) {
        out.append(String.format("%c %5d   %s%n", sign, index + 1, text));
    }
}
