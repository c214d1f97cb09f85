package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.VerifiedToken;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies client JWTs with smallrye-jwt (RS256, issuer and audience, docs/architecture.md "Authentication"), for the
 * handshake and for {@code refresh}. A token verified once is remembered by its hash until it expires
 * ({@link VerifiedTokens}), so a reconnect storm of clients holding their tokens costs a hash each, not an RSA verification.
 */
@ApplicationScoped
public class JwtTokens implements Ports.Tokens {

    private static final Set<String> ALLOWED_GROUPS = Set.of("trader", "operator");
    /** Most tokens remembered as verified. */
    static final int MAX_VERIFIED_TOKENS = 100_000;

    private final JWTParser parser;
    private final VerifiedTokens verified;
    private final long clockSkewSeconds;

    @Inject
    public JwtTokens(JWTParser parser, JWTAuthContextInfo jwtSettings) {
        this(parser, jwtSettings.getClockSkew(), () -> System.currentTimeMillis() / 1000);
    }

    JwtTokens(JWTParser parser, long clockSkewSeconds, LongSupplier epochSeconds) {
        this.parser = parser;
        this.clockSkewSeconds = clockSkewSeconds;
        this.verified = new VerifiedTokens(MAX_VERIFIED_TOKENS, epochSeconds);
    }

    @Override
    public VerifiedToken verify(String token) {
        String hash = VerifiedTokens.hash(token);
        VerifiedToken known = verified.get(hash);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            return null;
        }
        long expiry = jwt.getExpirationTime();
        VerifiedToken fresh = new VerifiedToken(jwt.getSubject(),
                jwt.getSubject() != null && jwt.getGroups().stream().anyMatch(ALLOWED_GROUPS::contains),
                expiry > 0 ? expiry + clockSkewSeconds : Long.MAX_VALUE);
        if (expiry <= 0) {
            return fresh; // a verifier set to take tokens without an expiry: nothing tells how long to remember it
        }
        if (verified.expired(fresh)) {
            return null; // the verifier's clock and ours disagree at the edge of the second: ours decides
        }
        verified.put(hash, fresh);
        return fresh;
    }

    /** Tokens remembered; for tests. */
    int remembered() {
        return verified.size();
    }
}
