package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Outbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Outbox.Sink} whose network takes frames only when the test says so ({@link #complete}, {@link #completeAll}),
 * as a socket that drains slower than frames arrive. It stops being writable while {@link #holdsAtMost} frames are
 * waiting for the network, and calls the outbox back when the network took one of them, as a Netty channel does when
 * its unwritten bytes fall below the low-water mark.
 */
public final class SlowSink implements Outbox.Sink {

    private final List<String> written = new ArrayList<>();
    private int waiting;
    private int capacity = Integer.MAX_VALUE;
    private Runnable drain = () -> { };
    private int flushes;
    private int closeCode = -1;

    /** The socket stops being writable while {@code frames} frames wait for the network. */
    public void holdsAtMost(int frames) {
        capacity = frames;
    }

    /** The frames written so far, as text; a test may clear it. */
    public List<String> written() {
        return written;
    }

    /** The network takes up to {@code n} written frames, one at a time. */
    public void complete(int n) {
        for (int i = 0; i < n && waiting > 0; i++) {
            take();
        }
    }

    /** The network takes every written frame, also those written meanwhile. */
    public void completeAll() {
        while (waiting > 0) {
            take();
        }
    }

    private void take() {
        boolean full = !writable();
        waiting--;
        if (full) {
            drain.run();
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
    public void write(byte[] utf8Frame) {
        written.add(new String(utf8Frame, StandardCharsets.UTF_8));
        waiting++;
    }

    @Override
    public boolean writable() {
        return waiting < capacity;
    }

    @Override
    public void onWritable(Runnable drain) {
        this.drain = drain;
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
