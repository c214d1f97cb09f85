package dev.marketstream.events.user;

import static dev.marketstream.events.codec.Check.identifier;
import static dev.marketstream.events.codec.Check.required;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventValidationException;
import java.time.Instant;

/**
 * A change to a user's portfolio, published by business services to {@code user-events}.
 *
 * @param portfolioId the portfolio that changed
 * @param userId the owner, who receives the update
 * @param updateType what kind of change
 * @param data the change itself, a JSON object whose shape depends on {@code updateType}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PortfolioUpdate(String portfolioId, String userId, UpdateType updateType, JsonNode data, Instant timestamp)
        implements EventPayload {

    /** Kinds of portfolio change. */
    public enum UpdateType {
        @JsonProperty("position") POSITION,
        @JsonProperty("balance") BALANCE,
        @JsonProperty("order") ORDER,
        @JsonProperty("trade") TRADE,
        @JsonProperty("pnl") PNL
    }

    public PortfolioUpdate {
        identifier(portfolioId, "portfolio_id");
        identifier(userId, "user_id");
        required(updateType, "update_type");
        required(data, "data");
        if (!data.isObject()) {
            throw EventValidationException.invalid("data", "must be a JSON object but was " + data.getNodeType().name().toLowerCase());
        }
        required(timestamp, "timestamp");
    }

    @Override
    public String partitionKey() {
        return userId;
    }
}
