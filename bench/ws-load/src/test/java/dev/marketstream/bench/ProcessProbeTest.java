package dev.marketstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the JIT share is read from the compiler threads only: some of a JVM's CPU, none of a process without them. */
class ProcessProbeTest {

    @Test
    void aJvmsJitShareIsSomeOfItsCpu() {
        ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> work = new ArrayList<>();
        while (self.jitSeconds() == 0 && System.nanoTime() < deadline) { // new code to compile, for at most 5 s
            for (int i = 0; i < 100_000; i++) {
                work.add(Integer.toHexString(i * 31).repeat(2));
            }
            work.sort(null);
            work.clear();
        }

        double jit = self.jitSeconds();

        assertThat(jit).as("the compiler threads' CPU").isGreaterThan(0).isLessThan(self.cpuSeconds());
    }

    @Test
    void aProcessWithoutCompilerThreadsHasNoJitShare() throws IOException, InterruptedException {
        Process sleep = new ProcessBuilder("sleep", "10").start();
        try {
            assertThat(new ProcessProbe(sleep.pid()).jitSeconds()).isZero();
        } finally {
            sleep.destroy();
            sleep.waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneHasNone() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        assertThat(new ProcessProbe(gone.pid()).jitSeconds()).isNaN();
    }
}
