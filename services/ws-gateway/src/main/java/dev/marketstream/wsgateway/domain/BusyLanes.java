package dev.marketstream.wsgateway.domain;

/**
 * Counts the lanes that were handed market frames and have not written them all yet, so that the feed thread can wait
 * for them before it polls again (see DESIGN.md "Fan-out"). Thread-safe: lanes report, the feed thread waits.
 */
final class BusyLanes {

    private int busy;

    synchronized void busy() {
        busy++;
    }

    synchronized void idle() {
        if (--busy == 0) {
            notifyAll();
        }
    }

    /** Waits until no lane is busy, for at most {@code maxWaitNanos}; whether none is. */
    synchronized boolean awaitIdle(long maxWaitNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitNanos;
        long left = maxWaitNanos;
        while (busy > 0 && left > 0) {
            wait(left / 1_000_000, (int) (left % 1_000_000));
            left = deadline - System.nanoTime();
        }
        return busy == 0;
    }
}
