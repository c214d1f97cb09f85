package dev.marketstream.marketingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketstream.marketingest.domain.IngestReport;
import dev.marketstream.marketingest.messaging.IngestUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves a provider socket stops being read while frames are unanswered or Kafka refuses, and is read again afterwards. */
class IngestSessionTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<IngestReport>> pending = new CopyOnWriteArrayList<>();
    private volatile Handler<String> frames;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A socket that records pause/resume and what is written to it. */
    private ServerWebSocket socket() {
        return (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServerWebSocket.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "textMessageHandler" -> frames = cast(args[0]);
                        case "pause", "resume" -> calls.add(method.getName());
                        case "writeTextMessage" -> sent.add((String) args[0]);
                        case "isClosed" -> {
                            return false;
                        }
                        default -> {
                        }
                    }
                    return ServerWebSocket.class.isAssignableFrom(method.getReturnType()) ? proxy : null;
                });
    }

    @SuppressWarnings("unchecked")
    private static Handler<String> cast(Object handler) {
        return (Handler<String>) handler;
    }

    private void open(int maxInFlight) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            new IngestSession(socket(), "p", (provider, document) -> {
                CompletableFuture<IngestReport> outcome = new CompletableFuture<>();
                pending.add(outcome);
                return Uni.createFrom().completionStage(outcome);
            }, maxInFlight).start();
            started.complete(null);
        });
        started.get(10, TimeUnit.SECONDS);
    }

    private void frame(String text) {
        vertx.runOnContext(v -> frames.handle(text));
    }

    @Test
    void pausesWhileTooManyFramesAreUnansweredAndResumesOnAck() throws Exception {
        open(2);
        frame("[1]");
        frame("[2]");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.equals(List.of("pause")));

        pending.get(0).complete(new IngestReport(1, List.of()));

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.equals(List.of("pause", "resume")));
        assertThat(sent).singleElement().satisfies(ack -> assertThat(ack).contains("\"type\":\"ack\"", "\"frame\":1"));
    }

    @Test
    void pausesForRetryAfterWhenKafkaRefusesAndTellsTheProvider() throws Exception {
        open(8);
        frame("[1]");
        await().atMost(Duration.ofSeconds(10)).until(() -> pending.size() == 1);

        pending.get(0).completeExceptionally(new IngestUnavailableException("Kafka is down", 1, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("pause"));
        assertThat(sent).singleElement().satisfies(error -> assertThat(error)
                .contains("\"type\":\"error\"", "\"code\":\"UNAVAILABLE\"", "\"retry_after\":1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.equals(List.of("pause", "resume")));
    }
}
