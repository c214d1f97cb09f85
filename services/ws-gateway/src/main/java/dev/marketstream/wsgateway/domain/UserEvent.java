package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ServerEvent;

/**
 * A user event or broadcast notification as the gateway forwards it.
 *
 * @param event the server event it becomes
 * @param dataJson the payload as JSON, sent as the frame's {@code data}
 * @param portfolioId the portfolio of a portfolio update, for subscription filters; else null
 * @param kind the update type of a portfolio update or the type of an alert; else null
 * @param traceId the W3C trace id of a live event that was traced (sent as the frame's {@code trace_id}), else null
 */
public record UserEvent(ServerEvent event, String dataJson, String portfolioId, String kind, String traceId) {

    /** An event that is not traced. */
    public UserEvent(ServerEvent event, String dataJson, String portfolioId, String kind) {
        this(event, dataJson, portfolioId, kind, null);
    }

    /** The same event, part of the trace {@code traceId}. */
    public UserEvent withTraceId(String traceId) {
        return new UserEvent(event, dataJson, portfolioId, kind, traceId);
    }
}
