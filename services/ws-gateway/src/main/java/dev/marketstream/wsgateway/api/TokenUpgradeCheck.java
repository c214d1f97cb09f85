package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.domain.GatewayService;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Authenticates the WebSocket handshake before any state exists: the JWT (RS256, issuer and audience
 * checked by smallrye-jwt) comes from {@code Authorization: Bearer}, from a {@code bearer.<jwt>} entry of
 * {@code Sec-WebSocket-Protocol} (browsers), or from the {@code access_token} query parameter. Missing,
 * expired or forged tokens get 401; tokens without the trader or operator group get 403. A pod that is shutting
 * down refuses every upgrade with 503. A token verified once is remembered by its hash until it expires
 * ({@link VerifiedTokens}), so a reconnect storm of clients holding their tokens costs a hash each, not an RSA
 * verification.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    /** Where the authenticated user id is left for the endpoint. */
    public static final UserData.TypedKey<String> USER_ID = UserData.TypedKey.forString("marketstream.user-id");
    /** Prefix of the subprotocol entry that carries a token. */
    public static final String SUBPROTOCOL_TOKEN_PREFIX = "bearer.";
    private static final Set<String> ALLOWED_GROUPS = Set.of("trader", "operator");
    private static final Map<String, List<String>> CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer realm=\"marketstream\""));

    /** Most tokens remembered as verified. */
    static final int MAX_VERIFIED_TOKENS = 100_000;

    private final JWTParser parser;
    private final GatewayService gateway;
    private final VerifiedTokens verified;
    private final long clockSkewSeconds;

    @Inject
    public TokenUpgradeCheck(JWTParser parser, GatewayService gateway, JWTAuthContextInfo jwtSettings) {
        this(parser, gateway, jwtSettings.getClockSkew(), () -> System.currentTimeMillis() / 1000);
    }

    TokenUpgradeCheck(JWTParser parser, GatewayService gateway, long clockSkewSeconds, LongSupplier epochSeconds) {
        this.parser = parser;
        this.gateway = gateway;
        this.clockSkewSeconds = clockSkewSeconds;
        this.verified = new VerifiedTokens(MAX_VERIFIED_TOKENS, epochSeconds);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!gateway.accepting()) {
            return CheckResult.rejectUpgrade(503); // draining for a shutdown: the client should connect to another pod
        }
        String token = token(context.httpRequest());
        if (token == null) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        VerifiedTokens.Verified holder = verify(token);
        if (holder == null) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        if (!holder.allowed()) {
            return CheckResult.rejectUpgrade(403);
        }
        context.userData().put(USER_ID, holder.subject());
        return CheckResult.permitUpgrade();
    }

    /** What the token allows, from the cache or the verifier; null when it is expired, forged or unreadable. */
    VerifiedTokens.Verified verify(String token) {
        String hash = VerifiedTokens.hash(token);
        VerifiedTokens.Verified known = verified.get(hash);
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
        VerifiedTokens.Verified fresh = new VerifiedTokens.Verified(jwt.getSubject(),
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

    static String token(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String protocol : protocols.split(",")) {
                String entry = protocol.trim();
                if (entry.startsWith(SUBPROTOCOL_TOKEN_PREFIX)) {
                    return entry.substring(SUBPROTOCOL_TOKEN_PREFIX.length());
                }
            }
        }
        return request.getParam("access_token");
    }
}
