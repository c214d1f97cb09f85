package dev.marketstream.eventprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.eventprocessor.support.Events;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.market.PriceUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who receives each kind of user event, and how a replay narrows that to one user. */
class DeliveryPlanTest {

    @Test
    void sendsPortfolioUpdatesToTheirOwnerWithoutCountingThemUnread() {
        DeliveryPlan plan = DeliveryPlan.of(Events.portfolio("u1", 1)).orElseThrow();

        assertThat(plan).isEqualTo(new DeliveryPlan(false, List.of("u1"), false));
    }

    @Test
    void countsTradingAlertsUnread() {
        assertThat(DeliveryPlan.of(Events.alert("u1")).orElseThrow().alert()).isTrue();
    }

    @Test
    void sendsTargetedNotificationsToEachListedUserOnce() {
        DeliveryPlan plan = DeliveryPlan.of(Events.notification(List.of("a", "b", "a"))).orElseThrow();

        assertThat(plan.users()).containsExactly("a", "b");
        assertThat(plan.reaches("b")).isTrue();
        assertThat(plan.reaches("c")).isFalse();
    }

    @Test
    void broadcastsNotificationsWithoutTargetsAndTheyReachEveryone() {
        DeliveryPlan plan = DeliveryPlan.of(Events.notification(List.of())).orElseThrow();

        assertThat(plan.broadcast()).isTrue();
        assertThat(plan.reaches("anyone")).isTrue();
        assertThat(plan.replayTo("anyone")).isEqualTo(new DeliveryPlan(false, List.of("anyone"), false));
    }

    @Test
    void replaysAnAlertWithoutCountingItUnreadAgain() {
        assertThat(DeliveryPlan.of(Events.alert("u1")).orElseThrow().replayTo("u1").alert()).isFalse();
    }

    @Test
    void hasNoPlanForMarketData() {
        PriceUpdate price = new PriceUpdate("AAPL", new BigDecimal("189.42"), new BigDecimal("300"), Instant.now(),
                new BigDecimal("1.42"), new BigDecimal("0.7553"), new BigDecimal("188.00"), "Technology", null);

        assertThat(DeliveryPlan.of(EventEnvelope.of("test", price))).isEmpty();
    }
}
