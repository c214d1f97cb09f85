package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Outbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Outbox.Sink} whose network takes frames only when the test says so: each write's completion is held until
 * {@link #complete} or {@link #completeAll}, as a socket that drains slower than frames arrive.
 */
public final class SlowSink implements Outbox.Sink {

    private final List<String> written = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();
    private int flushes;
    private int closeCode = -1;

    /** The frames written so far, as text; a test may clear it. */
    public List<String> written() {
        return written;
    }

    /** The network takes up to {@code n} written frames. */
    public void complete(int n) {
        for (int i = 0; i < n && !pending.isEmpty(); i++) {
            pending.remove(0).run();
        }
    }

    /** The network takes every written frame, also those written meanwhile. */
    public void completeAll() {
        while (!pending.isEmpty()) {
            pending.remove(0).run();
        }
    }

    public int flushes() {
        return flushes;
    }

    /** The close code the outbox asked for, -1 while it did not. */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public void write(byte[] utf8Frame, Runnable done) {
        written.add(new String(utf8Frame, StandardCharsets.UTF_8));
        pending.add(done);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void ping() {
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }
}
