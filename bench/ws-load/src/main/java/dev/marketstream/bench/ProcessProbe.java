package dev.marketstream.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (its JIT compiler's share too) and resident memory of a process, read from {@code /proc/<pid>} (Linux). */
final class ProcessProbe {

    /** Clock ticks per second of {@code /proc/<pid>/stat} times; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** User + system CPU seconds used so far. */
    double cpuSeconds() {
        return userSeconds() + systemSeconds();
    }

    /** CPU seconds spent in the process's own code so far. */
    double userSeconds() {
        return statTicks(11) / TICKS_PER_SECOND;
    }

    /** CPU seconds spent in the kernel on the process's behalf so far (system calls: socket writes, epoll). */
    double systemSeconds() {
        return statTicks(12) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds the process's JIT compiler threads (HotSpot's {@code C1/C2 CompilerThread*}) used so far: work a
     * JVM does while it warms up and a native executable, as the gateway ships, never does. 0 for a process without
     * them; NaN when unreadable.
     */
    double jitSeconds() {
        File[] threads = Path.of("/proc", Long.toString(pid), "task").toFile().listFiles();
        if (threads == null) {
            return Double.NaN;
        }
        long ticks = 0;
        for (File thread : threads) {
            try {
                String stat = Files.readString(thread.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += field(stat, 11) + field(stat, 12);
                }
            } catch (IOException | RuntimeException e) {
                // a thread that ended between the listing and the read used no more CPU
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** A field of {@code /proc/<pid>/stat}, counted from the one after the command name. */
    private double statTicks(int field) {
        try {
            return field(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), field);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A field of a {@code stat} file's text, counted from the one after the command name (which may hold spaces). */
    private static long field(String stat, int field) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[field]);
    }

    /** Resident set size in KiB (VmRSS). */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Open file descriptors of the process. */
    int openFiles() {
        String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    /**
     * CPU time of the whole machine so far, in {@code /proc/stat} clock ticks: {busy, total}, busy being user, nice,
     * system, irq, softirq and steal time, total adding idle and iowait. Null when unreadable.
     */
    static long[] machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(cpu[field]);
            }
            return new long[] {busy, busy + Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Percent of all the machine's cores busy between two {@link #machineTicks()} readings; NaN if either is missing. */
    static double machineBusyPercent(long[] before, long[] after) {
        if (before == null || after == null || after[1] == before[1]) {
            return Double.NaN;
        }
        return 100.0 * (after[0] - before[0]) / (after[1] - before[1]);
    }

    /** The 1-minute load average of the machine. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
