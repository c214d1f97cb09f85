package dev.marketstream.platform.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads named after what they do ({@code replay-1}, {@code stream-deliver-2}, ...), so thread dumps, JFR and logs
 * say which work a thread carries. Daemon threads: a service's shutdown hooks stop them, not the JVM's exit wait.
 */
public final class NamedThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    private NamedThreads(String prefix) {
        this.prefix = prefix;
    }

    /** A factory whose threads are called {@code prefix-1}, {@code prefix-2}, ... */
    public static NamedThreads numbered(String prefix) {
        return new NamedThreads(prefix);
    }

    /** A factory whose threads are all called exactly {@code name} (for single-thread executors). */
    public static ThreadFactory named(String name) {
        return task -> single(name, task);
    }

    /** One daemon thread called exactly {@code name}, not yet started. */
    public static Thread single(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public Thread newThread(Runnable task) {
        return single(prefix + "-" + count.incrementAndGet(), task);
    }
}
