package dev.marketstream.wsgateway.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketstream.wsgateway.domain.Outbox;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An {@link Outbox.Sink} whose network takes every frame at once; keeps the frames as text and the close. */
public final class FakeConnectionSink implements Outbox.Sink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> frames = new ArrayList<>();
    private int closeCode = -1;
    private int pings;
    private String closeReason;

    /** The frames written so far, exactly as on the wire. */
    public List<String> frames() {
        return frames;
    }

    /** The frames of one event written so far, parsed. */
    public List<JsonNode> events(String event) {
        return frames.stream().map(FakeConnectionSink::parse).filter(f -> event.equals(f.path("event").asText())).toList();
    }

    /** The frames of a stream written so far, parsed. */
    public List<JsonNode> stream(String stream) {
        return frames.stream().map(FakeConnectionSink::parse).filter(f -> stream.equals(f.path("stream").asText())).toList();
    }

    /** The {@code seq} of each frame of a stream written so far. */
    public List<Long> seqs(String stream) {
        return stream(stream).stream().map(f -> f.get("seq").asLong()).toList();
    }

    /** The close code the domain asked for, -1 while it did not. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void write(byte[] utf8Frame) {
        frames.add(new String(utf8Frame, StandardCharsets.UTF_8));
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void onWritable(Runnable drain) {
    }

    @Override
    public void flush() {
    }

    @Override
    public void ping() {
        pings++;
    }

    /** Pings sent so far. */
    public int pings() {
        return pings;
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    private static JsonNode parse(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
