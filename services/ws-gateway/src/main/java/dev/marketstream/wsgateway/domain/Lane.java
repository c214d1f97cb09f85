package dev.marketstream.wsgateway.domain;

import java.util.concurrent.Executor;

/**
 * The single thread a connection's state lives on (its Vert.x event loop). Everything that touches a
 * {@link ClientSession} runs through its lane, so that state needs no locks.
 */
public interface Lane extends Executor {

    /** Runs the task on this lane after the delay. */
    void schedule(long delayMillis, Runnable task);
}
