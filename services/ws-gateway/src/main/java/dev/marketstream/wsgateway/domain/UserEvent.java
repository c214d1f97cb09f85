package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.ServerEvent;

/**
 * A user event or broadcast notification as the gateway forwards it.
 *
 * @param event the server event it becomes
 * @param dataJson the payload as JSON, sent as the frame's {@code data}
 * @param portfolioId the portfolio of a portfolio update, for subscription filters; else null
 * @param kind the update type of a portfolio update or the type of an alert; else null
 */
public record UserEvent(ServerEvent event, String dataJson, String portfolioId, String kind) {
}
