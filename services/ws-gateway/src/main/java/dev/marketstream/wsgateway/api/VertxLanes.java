package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.domain.Lane;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link Lane} per Vert.x event-loop thread, shared by all connections that thread serves. */
@ApplicationScoped
public class VertxLanes {

    private final Vertx vertx;
    private final Map<Thread, Lane> lanes = new ConcurrentHashMap<>();

    public VertxLanes(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The lane of the calling event-loop thread. */
    public Lane current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not on a Vert.x thread");
        }
        return lanes.computeIfAbsent(Thread.currentThread(), thread -> new ContextLane(vertx, context));
    }

    private record ContextLane(Vertx vertx, Context context) implements Lane {
        @Override
        public void execute(Runnable task) {
            context.runOnContext(v -> task.run());
        }

        @Override
        public void schedule(long delayMillis, Runnable task) {
            vertx.setTimer(delayMillis, id -> context.runOnContext(v -> task.run()));
        }
    }
}
