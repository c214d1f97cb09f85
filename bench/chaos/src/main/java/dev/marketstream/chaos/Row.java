package dev.marketstream.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of the results table: a fault, what it cost, how long the platform took to serve every user again, and
 * which expectation it failed (none: it passed).
 */
record Row(String fault, String description, String load, long ticks, long ticksLost, long ticksDuplicated, long ticksDeadLettered,
        long alerts, long alertsLost, long alertsDuplicated, Recovery recovery, String notes) {

    /** The suite's expectations: nothing acknowledged lost or delivered twice, back within this long. */
    static final long RECOVERY_TARGET_MILLIS = 10_000;

    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (ticksLost > 0) {
            failures.add(ticksLost + " acknowledged ticks lost");
        }
        if (ticksDuplicated > 0) {
            failures.add(ticksDuplicated + " ticks processed twice");
        }
        if (alertsLost > 0) {
            failures.add(alertsLost + " user events lost");
        }
        if (alertsDuplicated > 0) {
            failures.add(alertsDuplicated + " user events delivered twice");
        }
        if (recovery.millis() < 0) {
            failures.add("not recovered");
        } else if (recovery.millis() > RECOVERY_TARGET_MILLIS) {
            failures.add("recovery over " + RECOVERY_TARGET_MILLIS / 1000 + " s");
        }
        return failures;
    }

    static String header() {
        return "| fault | load during it | events lost (ticks / user events) | events duplicated (ticks / user events) "
                + "| recovery time | result | notes |\n|---|---|---|---|---|---|---|";
    }

    String markdown() {
        List<String> failures = failures();
        String dead = ticksDeadLettered > 0 ? ", " + ticksDeadLettered + " ticks dead-lettered" : "";
        return String.format(Locale.ROOT, "| **%s**: %s | %s | %d of %d / %d of %d | %d / %d | %s | %s | %s%s |", fault, description, load,
                ticksLost, ticks, alertsLost, alerts, ticksDuplicated, alertsDuplicated, recovery,
                failures.isEmpty() ? "pass" : "**FAIL**: " + String.join(", ", failures), notes, dead);
    }
}
