package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.domain.GatewayService;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.domain.GatewayStats.Refusal;
import dev.marketstream.wsgateway.domain.VerifiedToken;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Authenticates the WebSocket handshake before any state exists: the JWT (verified by {@link JwtTokens}) comes from
 * {@code Authorization: Bearer}, from a {@code bearer.<jwt>} entry of {@code Sec-WebSocket-Protocol} (browsers), or from
 * the {@code access_token} query parameter. Missing, expired or forged tokens get 401; tokens without the trader or
 * operator group get 403; a user holding the per-user limit of connections on this pod gets 429. A pod that is shutting
 * down refuses every upgrade with 503. Each refusal is counted by reason.
 *
 * <p>An admitted token is taken out of the upgrade request's headers: Vert.x keeps that request for the connection's
 * life, and the token (~0.6 KB, the largest thing an idle connection held) would otherwise sit in memory and in heap
 * dumps until the client leaves. A token in the query string stays, as the request's URI.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    /** Where the authenticated user id is left for the endpoint. */
    public static final UserData.TypedKey<String> USER_ID = UserData.TypedKey.forString("marketstream.user-id");
    /** Where the epoch second from which the token is refused is left for the endpoint. */
    public static final UserData.TypedKey<Long> TOKEN_REFUSED_FROM = UserData.TypedKey.forLong("marketstream.token-refused-from");
    /** Prefix of the subprotocol entry that carries a token. */
    public static final String SUBPROTOCOL_TOKEN_PREFIX = "bearer.";
    private static final Map<String, List<String>> CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer realm=\"marketstream\""));
    /** Seconds a client over the per-user limit should wait before trying again. */
    private static final Map<String, List<String>> RETRY_LATER = Map.of("Retry-After", List.of("10"));

    private final JwtTokens tokens;
    private final GatewayService gateway;
    private final GatewayStats stats;
    private final ConnectPathWarmUp warmUp;

    public TokenUpgradeCheck(JwtTokens tokens, GatewayService gateway, GatewayStats stats, ConnectPathWarmUp warmUp) {
        this.tokens = tokens;
        this.gateway = gateway;
        this.stats = stats;
        this.warmUp = warmUp;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!gateway.accepting()) {
            return refuse(Refusal.DRAINING, 503, Map.of()); // draining for a shutdown: the client should connect to another pod
        }
        String token = token(context.httpRequest());
        String warmUpUser = token == null ? null : warmUp.userFor(token);
        if (warmUpUser != null) {
            return permit(context, warmUpUser, Long.MAX_VALUE); // the pod's own warm-up, before it is ready
        }
        VerifiedToken verified = token == null ? null : tokens.verify(token);
        if (verified == null) {
            return refuse(Refusal.UNAUTHENTICATED, 401, CHALLENGE);
        }
        if (!verified.allowed()) {
            return refuse(Refusal.FORBIDDEN, 403, Map.of());
        }
        if (!gateway.admits(verified.subject())) {
            return refuse(Refusal.PER_USER_LIMIT, 429, RETRY_LATER);
        }
        return permit(context, verified.subject(), verified.refusedFromEpochSecond());
    }

    private static Uni<CheckResult> permit(HttpUpgradeContext context, String userId, long tokenRefusedFrom) {
        dropToken(context.httpRequest().headers());
        context.userData().put(USER_ID, userId);
        context.userData().put(TOKEN_REFUSED_FROM, tokenRefusedFrom);
        return CheckResult.permitUpgrade();
    }

    private Uni<CheckResult> refuse(Refusal reason, int status, Map<String, List<String>> headers) {
        stats.refused.get(reason).increment();
        return CheckResult.rejectUpgrade(status, headers);
    }

    /** Removes a bearer token from the headers; the other subprotocols stay, so the handshake still selects ours. */
    static void dropToken(MultiMap headers) {
        String authorization = headers.get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            headers.remove("Authorization");
        }
        String protocols = headers.get("Sec-WebSocket-Protocol");
        if (protocols != null && protocols.contains(SUBPROTOCOL_TOKEN_PREFIX)) {
            String others = Arrays.stream(protocols.split(","))
                    .map(String::trim)
                    .filter(protocol -> !protocol.startsWith(SUBPROTOCOL_TOKEN_PREFIX))
                    .collect(Collectors.joining(", "));
            if (others.isEmpty()) {
                headers.remove("Sec-WebSocket-Protocol");
            } else {
                headers.set("Sec-WebSocket-Protocol", others);
            }
        }
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
