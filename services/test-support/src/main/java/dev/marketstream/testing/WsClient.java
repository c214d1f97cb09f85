package dev.marketstream.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The tests' one WebSocket client (Vert.x), until the Java SDK's replaces it: every text frame it receives goes to
 * {@link #frames} (a queue that {@link #await} consumes) and stays in {@link #received()} (the whole history, for
 * assertions over everything a connection got).
 */
public final class WsClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    public final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    public volatile String closeReason;
    private final WebSocketClient client;
    private WebSocket socket;
    private io.vertx.core.MultiMap handshakeHeaders;

    private WsClient(WebSocketClient client) {
        this.client = client;
    }

    /**
     * Installs the handlers before the handshake starts: a frame the server sends right behind its 101 response (the
     * session greeting) can arrive in the same read as the response.
     */
    private ClientWebSocket attach(ClientWebSocket socket) {
        socket.textMessageHandler(text -> {
            received.add(text);
            frames.add(new JsonObject(text));
        });
        socket.closeHandler(v -> {
            closeReason = socket.closeReason();
            closeCode.complete(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode().intValue());
        });
        return socket;
    }

    /** Runs on the event loop as the handshake completes: the only moment its response headers can be read. */
    private WebSocket connected(WebSocket connected) {
        this.socket = connected;
        this.handshakeHeaders = connected.headers() == null ? io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                : io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(connected.headers());
        return connected;
    }

    /** Options of a connection attempt. */
    public record Options(boolean compression, int receiveBuffer) {
        public static final Options DEFAULT = new Options(false, -1);
    }

    public static WsClient connect(URI uri, String token) {
        return connect(uri, token, Options.DEFAULT);
    }

    public static WsClient connect(URI uri, String token, Options options) {
        WebSocketConnectOptions connect = connectOptions(uri);
        if (token != null) {
            connect.addHeader("Authorization", "Bearer " + token);
        }
        return open(connect, options);
    }

    public static WebSocketConnectOptions connectOptions(URI uri) {
        return new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    public static WsClient open(WebSocketConnectOptions connect, Options options) {
        WebSocketClientOptions clientOptions = new WebSocketClientOptions().setTryUsePerMessageCompression(options.compression())
                .setMaxMessageSize(1 << 20);
        if (options.receiveBuffer() > 0) {
            clientOptions.setReceiveBufferSize(options.receiveBuffer());
        }
        WebSocketClient client = VERTX.createWebSocketClient(clientOptions);
        try {
            WsClient ws = new WsClient(client);
            CompletableFuture<WebSocket> connected = new CompletableFuture<>();
            // Connect from the client's event loop, not from the calling thread: started from a non-Vert.x thread,
            // Vert.x 4.5 now and then dropped a frame the server wrote right behind its 101 response (the gateway's
            // session greeting): 35-44 of 1,500 connections in a row against the test gateway; from the event loop,
            // none (SessionGreetingTest runs 500 of them).
            VERTX.getOrCreateContext().runOnContext(v -> ws.attach(client.webSocket()).connect(connect).map(ws::connected)
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            connected.complete(result.result());
                        } else {
                            connected.completeExceptionally(result.cause());
                        }
                    }));
            connected.get(10, TimeUnit.SECONDS);
            return ws;
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** The HTTP status a refused handshake got. */
    public static int refusedStatus(WebSocketConnectOptions connect) {
        WebSocketClient client = VERTX.createWebSocketClient(new WebSocketClientOptions());
        try {
            client.connect(connect).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).close();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            client.close();
        }
    }

    public void send(String text) {
        socket.writeTextMessage(text);
    }

    /** Sends the text as one frame however large it is ({@link #send} splits messages above 64 KiB into fragments). */
    public void sendOneFrame(String text) {
        socket.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(text, true));
    }

    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    public void send(JsonObject frame) {
        send(frame.encode());
    }

    /** Waits for the next frame matching the predicate, discarding others before it. */
    public JsonObject await(Predicate<JsonObject> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonObject frame = frames.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (frame != null && match.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no matching frame within " + timeout + " on " + describe());
    }

    /** The connection's local address and what it got, for a failure message that can be found in a packet trace. */
    private String describe() {
        WebSocket connected = socket;
        return "connection from " + (connected == null ? "?" : connected.localAddress()) + " (closed: "
                + (connected == null || connected.isClosed()) + ", " + received.size() + " frames received: "
                + received.stream().limit(5).map(f -> f.length() > 120 ? f.substring(0, 120) + "..." : f).toList() + ")";
    }

    public JsonObject awaitEvent(String event) {
        return await(f -> event.equals(f.getString("event")), Duration.ofSeconds(15));
    }

    /** Frames received so far (and removed from the queue). */
    public List<JsonObject> drain() {
        List<JsonObject> drained = new ArrayList<>();
        frames.drainTo(drained);
        return drained;
    }

    /** Every text frame received so far, in order, whether {@link #await} consumed it or not. */
    public List<String> received() {
        return List.copyOf(received);
    }

    public List<String> received(Predicate<String> frame) {
        return received.stream().filter(frame).toList();
    }

    /** Waits until a received frame matches, and returns the first that does; consumes nothing. */
    public String awaitReceived(String what, Predicate<String> frame, Duration atMost) {
        Awaitility.await(what).atMost(atMost).until(() -> received.stream().anyMatch(frame));
        return received.stream().filter(frame).findFirst().orElseThrow();
    }

    public String header(String name) {
        return handshakeHeaders.get(name);
    }

    public String subprotocol() {
        return socket.subProtocol();
    }

    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
        client.close();
    }
}
