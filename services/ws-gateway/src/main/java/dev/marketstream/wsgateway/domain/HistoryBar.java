package dev.marketstream.wsgateway.domain;

/**
 * A stored bar as the history hands it out.
 *
 * @param windowStartNanos the window start, ns since the epoch: orders bars and joins the history to the live stream
 * @param dataJson the bar as a {@code market_candle} frame's {@code data}, rendered like a live bar
 */
public record HistoryBar(long windowStartNanos, String dataJson) {
}
