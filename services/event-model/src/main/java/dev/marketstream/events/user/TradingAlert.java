package dev.marketstream.events.user;

import static dev.marketstream.events.codec.Check.identifier;
import static dev.marketstream.events.codec.Check.maxLength;
import static dev.marketstream.events.codec.Check.required;
import static dev.marketstream.events.codec.Check.marketSymbol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import java.time.Instant;

/**
 * An alert for one user, published to {@code trading-alerts}.
 *
 * @param type what triggered it, such as {@code price_threshold} or {@code volume_spike}
 * @param symbol the instrument concerned, optional
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TradingAlert(
        String alertId, String userId, String type, String message, Severity severity, Instant timestamp, String symbol)
        implements EventPayload {

    public static final int MAX_MESSAGE_LENGTH = 2_000;

    public TradingAlert {
        identifier(alertId, "alert_id");
        identifier(userId, "user_id");
        identifier(type, "type");
        maxLength(message, MAX_MESSAGE_LENGTH, "message");
        required(severity, "severity");
        required(timestamp, "timestamp");
        if (symbol != null) {
            marketSymbol(symbol, "symbol");
        }
    }

    @Override
    public String partitionKey() {
        return userId;
    }
}
