package dev.marketstream.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client that records every text frame it receives, for assertions. */
public final class WsTestClient implements AutoCloseable {

    private final WebSocket socket;
    private final List<String> frames;

    private WsTestClient(WebSocket socket, List<String> frames) {
        this.socket = socket;
        this.frames = frames;
    }

    /** Connects with the token in the Authorization header. */
    public static WsTestClient connect(URI uri, String token) {
        List<String> frames = new CopyOnWriteArrayList<>();
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(uri, new Recorder(frames))
                    .get(30, TimeUnit.SECONDS);
            return new WsTestClient(socket, frames);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Every frame received so far. */
    public List<String> frames() {
        return new ArrayList<>(frames);
    }

    /** Waits until a received frame matches, and returns it. */
    public String awaitFrame(String what, Predicate<String> frame, Duration atMost) {
        await(what).atMost(atMost).until(() -> frames.stream().anyMatch(frame));
        return frames.stream().filter(frame).findFirst().orElseThrow();
    }

    public List<String> matching(Predicate<String> frame) {
        return frames.stream().filter(frame).toList();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done");
        socket.abort();
    }

    /** Collects whole text frames; text can arrive in parts. */
    private static final class Recorder implements WebSocket.Listener {
        private final List<String> frames;
        private final StringBuilder partial = new StringBuilder();

        Recorder(List<String> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
