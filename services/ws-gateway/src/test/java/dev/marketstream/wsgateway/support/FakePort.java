package dev.marketstream.wsgateway.support;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the fake ports share: an answer is given at once, kept back until {@link #release()} (a slow store), or a
 * failure ({@link #failWith}). Deterministic and single-threaded, like the lane the domain runs on.
 */
public abstract class FakePort {

    private final List<Runnable> held = new ArrayList<>();
    private Throwable failure;
    private boolean holding;

    /** Makes every later call fail with {@code failure}; null makes them answer again. */
    public void failWith(Throwable failure) {
        this.failure = failure;
    }

    /** Keeps answers back until {@link #release()}, as if the store were slow. */
    public void hold() {
        holding = true;
    }

    /** Answers at once again; answers already kept back wait for {@link #release()}. */
    public void answerAtOnce() {
        holding = false;
    }

    /** Gives the answers kept back so far in call order (calls they cause are kept back too while holding); how many. */
    public int release() {
        List<Runnable> answers = new ArrayList<>(held);
        held.clear();
        answers.forEach(Runnable::run);
        return answers.size();
    }

    /** The answer of a call: {@code value} computed when it is given, or the failure set when the call was made. */
    protected <T> Uni<T> answer(Supplier<T> value) {
        return answer(value, failure);
    }

    protected <T> Uni<T> answer(Supplier<T> value, Throwable failing) {
        Uni<T> answer = failing != null ? Uni.createFrom().failure(failing) : Uni.createFrom().item(value);
        if (!holding) {
            return answer;
        }
        return Uni.createFrom().emitter(emitter -> held.add(() -> answer.subscribe().with(emitter::complete, emitter::fail)));
    }
}
