package dev.marketstream.marketingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.marketingest.domain.IngestReport;
import dev.marketstream.marketingest.domain.ItemError;
import dev.marketstream.marketingest.messaging.DocumentIngest;
import dev.marketstream.marketingest.messaging.IngestUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/**
 * One provider connection. Every text frame (a tick or an array of ticks) is numbered from 1 and
 * answered, once Kafka has committed it, by one {@code ack} ({@code accepted}, {@code rejected}),
 * preceded by an {@code error} frame for each refused item. A frame Kafka could not take gets an
 * {@code error} with code {@code UNAVAILABLE} and {@code retry_after}; nothing of it was published.
 *
 * <p>Backpressure: with {@code maxInFlight} frames unanswered, or after an {@code UNAVAILABLE}, the
 * socket is paused, so TCP pushes back on the provider instead of frames piling up in memory.
 */
final class IngestSession {

    private static final EventCodec CODEC = new EventCodec();

    private final ServerWebSocket socket;
    private final String provider;
    private final DocumentIngest ingest;
    private final int maxInFlight;
    private final Context context;
    private long frames;
    private int inFlight;
    private int coolDowns;
    private boolean paused;

    IngestSession(ServerWebSocket socket, String provider, DocumentIngest ingest, int maxInFlight) {
        this.socket = socket;
        this.provider = provider;
        this.ingest = ingest;
        this.maxInFlight = maxInFlight;
        this.context = Vertx.currentContext();
    }

    void start() {
        socket.textMessageHandler(this::onFrame);
        socket.binaryMessageHandler(binary -> onFrame(binary.toString()));
    }

    private void onFrame(String text) {
        long frame = ++frames;
        inFlight++;
        adjustReading();
        ingest.ingest(provider, text.getBytes(StandardCharsets.UTF_8)).subscribe().with(
                report -> context.runOnContext(v -> answered(frame, report)),
                failure -> context.runOnContext(v -> refused(frame, failure)));
    }

    private void answered(long frame, IngestReport report) {
        for (ItemError error : report.errors()) {
            send(message("error", frame).put("code", error.code()).put("index", error.index())
                    .put("field", error.field()).put("reason", error.reason()));
        }
        send(message("ack", frame).put("accepted", report.accepted()).put("rejected", report.rejected()));
        inFlight--;
        adjustReading();
    }

    private void refused(long frame, Throwable failure) {
        long retryAfter = failure instanceof IngestUnavailableException unavailable ? unavailable.retryAfterSeconds() : 1;
        send(message("error", frame).put("code", "UNAVAILABLE").put("retry_after", retryAfter)
                .put("reason", String.valueOf(failure.getMessage())));
        inFlight--;
        coolDowns++;
        adjustReading();
        context.owner().setTimer(retryAfter * 1000, id -> {
            coolDowns--;
            adjustReading();
        });
    }

    /** Pauses reading while too many frames are unanswered or Kafka is refusing; resumes otherwise. */
    private void adjustReading() {
        boolean shouldPause = coolDowns > 0 || inFlight >= maxInFlight;
        if (shouldPause && !paused) {
            socket.pause();
        } else if (!shouldPause && paused) {
            socket.resume();
        }
        paused = shouldPause;
    }

    private ObjectNode message(String type, long frame) {
        return CODEC.mapper().createObjectNode().put("type", type).put("frame", frame);
    }

    private void send(ObjectNode message) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(message.toString());
        }
    }
}
