package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Batcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Batcher.Timer} whose tasks run only when the test fires them. */
public final class ManualTimer implements Batcher.Timer {

    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void schedule(Duration delay, Runnable task) {
        delays.add(delay);
        tasks.add(task);
    }

    /** The delays of the tasks not fired yet. */
    public List<Duration> scheduled() {
        return List.copyOf(delays);
    }

    /** Runs the tasks scheduled so far (tasks they schedule wait for the next call). */
    public void fireAll() {
        List<Runnable> due = new ArrayList<>(tasks);
        tasks.clear();
        delays.clear();
        due.forEach(Runnable::run);
    }
}
