package dev.marketstream.wsgateway.protocol;

/** One parsed client frame: {@code {"event": ..., "request_id": ..., "data": {...}}}. */
public record ClientFrame(ClientEvent event, String requestId, ClientRequest request) {
}
