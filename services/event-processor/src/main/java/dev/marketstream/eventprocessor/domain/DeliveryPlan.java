package dev.marketstream.eventprocessor.domain;

import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.SystemNotification;
import dev.marketstream.events.user.TradingAlert;
import java.util.List;
import java.util.Optional;

/**
 * Where one user event goes: to the broadcast history, or to each listed user's history; and
 * whether it counts as an unread alert.
 *
 * @param broadcast to every connected user ({@code users} is then empty)
 * @param users the recipients of a user-addressed event, in the order they are served
 * @param alert whether the recipient's unread-alert count goes up
 */
public record DeliveryPlan(boolean broadcast, List<String> users, boolean alert) {

    public DeliveryPlan {
        users = List.copyOf(users);
        if (broadcast != users.isEmpty()) {
            throw new IllegalArgumentException("a plan is either broadcast or addressed to users");
        }
    }

    /** The plan for a user event; empty for event types the processor does not deliver (market data). */
    public static Optional<DeliveryPlan> of(EventEnvelope<?> event) {
        if (event.data() instanceof PortfolioUpdate update) {
            return Optional.of(new DeliveryPlan(false, List.of(update.userId()), false));
        }
        if (event.data() instanceof TradingAlert alert) {
            return Optional.of(new DeliveryPlan(false, List.of(alert.userId()), true));
        }
        if (event.data() instanceof SystemNotification notification) {
            return Optional.of(notification.broadcast()
                    ? new DeliveryPlan(true, List.of(), false)
                    : new DeliveryPlan(false, notification.targetUsers().stream().distinct().toList(), false));
        }
        return Optional.empty();
    }

    /** Whether a user sees this event: addressed to them or broadcast. */
    public boolean reaches(String userId) {
        return broadcast || users.contains(userId);
    }

    /** The same event addressed to one user only, not counted as unread again (replay into a user's stream). */
    public DeliveryPlan replayTo(String userId) {
        return new DeliveryPlan(false, List.of(userId), false);
    }
}
