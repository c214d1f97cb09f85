package dev.marketstream.chaos;

import java.util.Locale;

/**
 * How long after a fault's end the platform served every client again (a fresh price update and a fresh alert at
 * each) and every service answered ready; -1 when that did not happen within the recovery window.
 */
record Recovery(long clientsMillis, long servicesMillis) {

    /** The recovery time: both done, or -1. */
    long millis() {
        return clientsMillis < 0 || servicesMillis < 0 ? -1 : Math.max(clientsMillis, servicesMillis);
    }

    @Override
    public String toString() {
        String total = millis() < 0 ? "none within the window" : seconds(millis());
        return total + " (clients " + (clientsMillis < 0 ? "not served" : seconds(clientsMillis)) + ", services ready "
                + (servicesMillis < 0 ? "not all" : seconds(servicesMillis)) + ")";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
