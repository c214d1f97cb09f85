package dev.marketstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Proves the client reads a JWT's {@code exp} (when to refresh) and takes anything else as a token without one. */
class TokenExpiryTest {

    @Test
    void readsExpFromAJwtAndNothingFromOtherTokens() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"alice\",\"exp\":1800000000}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(MarketStreamClient.tokenExpiryMillis("eyJhbGciOiJSUzI1NiJ9." + payload + ".sig")).isEqualTo(1_800_000_000_000L);
        assertThat(MarketStreamClient.tokenExpiryMillis("opaque-token")).isNull();
        assertThat(MarketStreamClient.tokenExpiryMillis("a.%%%.c")).isNull();
        assertThat(MarketStreamClient.tokenExpiryMillis(null)).isNull();
    }
}
