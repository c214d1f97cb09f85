package dev.marketstream.wsgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.wsgateway.support.FakeGateway;
import org.junit.jupiter.api.Test;

/**
 * Proves against fakes that a connection lives no longer than its token unless refreshed (4003 once its second is
 * over, not before), that only a valid token of the same user with an allowed group refreshes it, and that the
 * per-user connection limit counts open connections and releases them on close.
 */
class TokenLifetimeTest {

    final FakeGateway fake = new FakeGateway();
    final GatewayService gateway = fake.gateway;

    @Test
    void closesAConnectionWith4003OnceItsTokenIsRefusedAndNotBefore() {
        long deadline = fake.epochSecond() + 3;
        FakeGateway.Connection expiring = fake.open("c1", "u1", deadline, fake.lane);
        FakeGateway.Connection lasting = fake.open("c2", "u2", deadline + 60, fake.lane);

        fake.advanceEpochSeconds(2);
        gateway.expireTokens();
        assertThat(expiring.sink().closeCode()).isEqualTo(-1);

        fake.advanceEpochSeconds(1);
        gateway.expireTokens();
        assertThat(expiring.sink().closeCode()).isEqualTo(GatewayService.TOKEN_EXPIRED);
        assertThat(expiring.sink().closeReason()).contains("token expired");
        assertThat(lasting.sink().closeCode()).isEqualTo(-1);
        assertThat(fake.stats.tokenExpiryDisconnects.sum()).isEqualTo(1);
    }

    @Test
    void aRefreshWithAFreshTokenOfTheSameUserMovesTheDeadline() {
        long deadline = fake.epochSecond() + 3;
        FakeGateway.Connection c1 = fake.open("c1", "u1", deadline, fake.lane);
        fake.tokens.accept("fresh", "u1", true, deadline + 600);

        gateway.onText(c1.session(), "{\"event\":\"refresh\",\"request_id\":\"r1\",\"data\":{\"token\":\"fresh\"}}");
        fake.advanceEpochSeconds(10);
        gateway.expireTokens();

        JsonNode refreshed = c1.sink().events("refreshed").get(0);
        assertThat(refreshed.get("request_id").asText()).isEqualTo("r1");
        assertThat(refreshed.get("data").get("closes_at").asLong()).isEqualTo(deadline + 600);
        assertThat(c1.sink().closeCode()).isEqualTo(-1);
        fake.advanceEpochSeconds(600);
        gateway.expireTokens();
        assertThat(c1.sink().closeCode()).isEqualTo(GatewayService.TOKEN_EXPIRED);
    }

    @Test
    void refusesARefreshWithAnotherUsersABadOrAGrouplessTokenAndKeepsTheDeadline() {
        long deadline = fake.epochSecond() + 3;
        FakeGateway.Connection c1 = fake.open("c1", "u1", deadline, fake.lane);
        fake.tokens.accept("mallory", "u2", true, deadline + 600);
        fake.tokens.accept("viewer", "u1", false, deadline + 600);

        gateway.onText(c1.session(), "{\"event\":\"refresh\",\"data\":{\"token\":\"mallory\"}}");
        gateway.onText(c1.session(), "{\"event\":\"refresh\",\"data\":{\"token\":\"forged\"}}");
        gateway.onText(c1.session(), "{\"event\":\"refresh\",\"data\":{\"token\":\"viewer\"}}");
        gateway.onText(c1.session(), "{\"event\":\"refresh\",\"data\":{}}");

        assertThat(c1.sink().events("error")).extracting(e -> e.get("data").get("code").asText() + " " + e.get("data").get("field").asText()
                + " " + e.get("data").get("message").asText().contains("4003"))
                .containsExactly("invalid_token data.token true", "invalid_token data.token true", "invalid_token data.token true",
                        "invalid_field data.token false");
        assertThat(c1.sink().events("error").get(0).get("data").get("message").asText()).contains("another user");
        assertThat(c1.sink().events("refreshed")).isEmpty();
        fake.advanceEpochSeconds(3);
        gateway.expireTokens();
        assertThat(c1.sink().closeCode()).isEqualTo(GatewayService.TOKEN_EXPIRED);
    }

    @Test
    void forgetsTheDeadlineOfAClosedConnection() {
        FakeGateway.Connection c1 = fake.open("c1", "u1", fake.epochSecond() + 3, fake.lane);
        gateway.closed(c1.session(), 1000, "bye");

        assertThat(fake.lifetimes.tracked()).isZero();
        fake.advanceEpochSeconds(5);
        gateway.expireTokens();
        assertThat(fake.stats.tokenExpiryDisconnects.sum()).isZero();
    }

    @Test
    void admitsAUserUpToTheLimitAndAgainAfterAClose() {
        FakeGateway.Connection first = fake.open("c1", "u1");
        assertThat(gateway.admits("u1")).isTrue();
        fake.open("c2", "u1");

        assertThat(gateway.admits("u1")).as("2 open, the limit").isFalse();
        assertThat(gateway.admits("u2")).as("another user").isTrue();
        gateway.closed(first.session(), 1000, "bye");
        assertThat(gateway.admits("u1")).isTrue();
    }
}
