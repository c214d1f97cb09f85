package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Lane;
import java.util.ArrayList;
import java.util.List;

/** A {@link Lane} that runs each task at once on the calling thread; delayed tasks wait for {@link #runScheduled()}. */
public final class FakeLane implements Lane {

    private final List<Runnable> scheduled = new ArrayList<>();
    private int executed;

    @Override
    public void execute(Runnable task) {
        executed++;
        task.run();
    }

    @Override
    public void schedule(long delayMillis, Runnable task) {
        scheduled.add(task);
    }

    /** Runs the delayed tasks scheduled so far, as if their delays had passed. */
    public void runScheduled() {
        List<Runnable> due = new ArrayList<>(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }

    /** Runs the oldest delayed task, as if its delay had passed. */
    public void runNextScheduled() {
        scheduled.remove(0).run();
    }

    /** How many tasks were handed to {@link #execute}. */
    public int executed() {
        return executed;
    }
}
