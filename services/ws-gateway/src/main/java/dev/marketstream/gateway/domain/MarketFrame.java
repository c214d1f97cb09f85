package dev.marketstream.gateway.domain;

/** A market update with its per-stream sequence number and its encoded frame, shared by every subscriber. */
public record MarketFrame(MarketUpdate update, long seq, String json) {

    public StreamKey stream() {
        return update.stream();
    }
}
