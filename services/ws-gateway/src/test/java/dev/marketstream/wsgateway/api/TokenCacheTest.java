package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.testing.LocalJwt;
import dev.marketstream.testing.LocalStack;
import dev.marketstream.wsgateway.domain.VerifiedToken;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * Proves the handshake's token cache: a token verified once is not verified again, keeps its group verdict, and is
 * refused from its expiry on although it is cached; forged tokens are never remembered. Real RS256 tokens and verifier,
 * with a clock the test moves.
 */
class TokenCacheTest {

    private static final long SKEW = 60;

    /** The real verifier, counting the tokens it was asked to verify. */
    static final class CountingParser extends DefaultJWTParser {
        int parses;

        CountingParser(JWTAuthContextInfo info) {
            super(info);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            parses++;
            return super.parse(token);
        }
    }

    private final AtomicLong now = new AtomicLong(Instant.now().getEpochSecond());
    private final CountingParser parser = new CountingParser(localVerifier());
    private final JwtTokens check = new JwtTokens(parser, SKEW, now::get);

    @Test
    void verifiesATokenOnceAndRemembersItsSubject() {
        String token = LocalJwt.trader("cache-user");
        assertThat(check.verify(token).subject()).isEqualTo("cache-user");
        assertThat(check.verify(token).subject()).isEqualTo("cache-user");
        assertThat(check.verify(token).allowed()).isTrue();
        assertThat(parser.parses).isEqualTo(1);
    }

    @Test
    void remembersThatATokenWithoutAnAllowedGroupIsForbidden() {
        String token = LocalJwt.withGroups("viewer", Set.of("viewer"));
        assertThat(check.verify(token).allowed()).isFalse();
        assertThat(check.verify(token).allowed()).isFalse();
        assertThat(parser.parses).isEqualTo(1);
    }

    @Test
    void refusesACachedTokenFromItsExpiryOn() {
        String token = LocalJwt.sign("short", Set.of("trader"), LocalJwt.ISSUER, 30, LocalJwt.localPrivateKey());
        VerifiedToken verified = check.verify(token);
        assertThat(verified).isNotNull();
        // The token's own exp: the wall clock may have passed a second between the test's clock and the signing.
        long expiry = verified.refusedFromEpochSecond() - SKEW;
        assertThat(expiry).isBetween(now.get() + 30, now.get() + 31);
        now.set(expiry + SKEW - 1);
        assertThat(check.verify(token)).as("cached, within the verifier's clock skew").isNotNull();
        assertThat(parser.parses).isEqualTo(1);
        now.set(expiry + SKEW);
        assertThat(check.verify(token)).as("cached but expired").isNull();
    }

    @Test
    void neverRemembersAForgedToken() {
        String forged = LocalJwt.forged("mallory");
        assertThat(check.verify(forged)).isNull();
        assertThat(check.verify(forged)).isNull();
        assertThat(parser.parses).isEqualTo(2);
    }

    @Test
    void keepsAtMostTheBoundAndDropsExpiredEntriesToMakeRoom() {
        VerifiedTokens tokens = new VerifiedTokens(2, now::get);
        tokens.put("a", new VerifiedToken("a", true, now.get() + 10));
        tokens.put("b", new VerifiedToken("b", true, now.get() + 100));
        tokens.put("c", new VerifiedToken("c", true, now.get() + 100));
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.get("c")).isNull();
        now.addAndGet(10);
        tokens.put("c", new VerifiedToken("c", true, now.get() + 100));
        assertThat(tokens.get("a")).isNull();
        assertThat(tokens.get("c")).isNotNull();
    }

    private static JWTAuthContextInfo localVerifier() {
        try {
            JWTAuthContextInfo info = new JWTAuthContextInfo(
                    KeyUtils.decodePublicKey(Files.readString(LocalStack.runtime().resolve("jwt").resolve("publicKey.pem"))),
                    LocalJwt.ISSUER);
            info.setExpectedAudience(Set.of(LocalJwt.ISSUER));
            info.setClockSkew((int) SKEW);
            return info;
        } catch (Exception e) {
            throw new IllegalStateException("no local JWT public key: run scripts/stack up", e);
        }
    }
}
