package dev.marketstream.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

/**
 * The one minter of test tokens: RS256 JWTs signed with the local stack's key, with the claims of docs/architecture.md
 * ("Authentication"), as scripts/token makes them; plus the tokens a service must refuse.
 */
public final class LocalJwt {

    public static final String ISSUER = "marketstream";
    private static final long ONE_HOUR = 3600;

    private LocalJwt() {
    }

    public static String trader(String userId) {
        return withGroups(userId, Set.of("trader"));
    }

    public static String operator(String userId) {
        return withGroups(userId, Set.of("operator"));
    }

    public static String withGroups(String subject, Set<String> groups) {
        return sign(subject, groups, ISSUER, ONE_HOUR, localPrivateKey());
    }

    /** A token that expired ten minutes ago. */
    public static String expired(String userId) {
        return sign(userId, Set.of("trader"), ISSUER, -600, localPrivateKey());
    }

    /** A well-formed token of another issuer, signed with the right key: must be refused like no token at all. */
    public static String fromIssuer(String userId, String issuer, Set<String> groups) {
        return sign(userId, groups, issuer, ONE_HOUR, localPrivateKey());
    }

    /** A token signed with a key no service trusts. */
    public static String forged(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(userId, Set.of("trader"), ISSUER, ONE_HOUR, generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param ttlSeconds lifetime from now; negative: already expired */
    public static String sign(String subject, Set<String> groups, String issuer, long ttlSeconds, PrivateKey key) {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer(issuer).audience(ISSUER).subject(subject).upn(subject).groups(groups)
                .issuedAt(Math.min(now, now + ttlSeconds) - 60).expiresAt(now + ttlSeconds).jws().sign(key);
    }

    /** The local stack's signing key ({@code .runtime/jwt/privateKey.pem}). */
    public static PrivateKey localPrivateKey() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(LocalStack.runtime().resolve("jwt").resolve("privateKey.pem")));
        } catch (IOException e) {
            throw new UncheckedIOException("no local JWT key: run scripts/stack up", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable local JWT key", e);
        }
    }
}
