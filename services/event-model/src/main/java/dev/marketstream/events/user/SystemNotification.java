package dev.marketstream.events.user;

import static dev.marketstream.events.codec.Check.identifier;
import static dev.marketstream.events.codec.Check.listOrEmpty;
import static dev.marketstream.events.codec.Check.maxLength;
import static dev.marketstream.events.codec.Check.required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.EventPayload;
import dev.marketstream.events.codec.EventValidationException;
import java.time.Instant;
import java.util.List;

/**
 * An operator message, published to {@code system-notifications}: either to everyone connected
 * ({@code broadcast}) or to the listed users.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemNotification(
        String notificationId,
        String title,
        String message,
        Severity severity,
        boolean broadcast,
        List<String> targetUsers,
        Instant timestamp) implements EventPayload {

    public static final int MAX_TARGET_USERS = 10_000;

    public SystemNotification {
        identifier(notificationId, "notification_id");
        if (title != null) {
            maxLength(title, 200, "title");
        }
        maxLength(message, TradingAlert.MAX_MESSAGE_LENGTH, "message");
        required(severity, "severity");
        targetUsers = listOrEmpty(targetUsers, MAX_TARGET_USERS, "target_users");
        for (int i = 0; i < targetUsers.size(); i++) {
            identifier(targetUsers.get(i), "target_users[" + i + "]");
        }
        if (broadcast && !targetUsers.isEmpty()) {
            throw EventValidationException.invalid("target_users", "must be empty when broadcast is true");
        }
        if (!broadcast && targetUsers.isEmpty()) {
            throw EventValidationException.invalid("target_users", "must name at least one user when broadcast is false");
        }
        required(timestamp, "timestamp");
    }

    @Override
    public String partitionKey() {
        return notificationId;
    }
}
