package dev.marketstream.userevents.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.util.Set;

/** Tokens signed with the local stack's key, shaped as docs/architecture.md ("Authentication") says. */
public final class Tokens {

    private Tokens() {
    }

    public static String operator() {
        return signed("ops-" + TestRun.ID, Set.of("operator"));
    }

    public static String trader() {
        return signed("trader-" + TestRun.ID, Set.of("trader"));
    }

    /** A well-formed token from another issuer: must be refused like no token at all. */
    public static String foreignIssuer() {
        try {
            return Jwt.issuer("someone-else").audience("marketstream").subject("x").groups(Set.of("operator"))
                    .expiresIn(300).sign(privateKey());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(String subject, Set<String> groups) {
        try {
            return Jwt.issuer("marketstream").audience("marketstream").subject(subject).groups(groups)
                    .expiresIn(300).sign(privateKey());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() throws Exception {
        return KeyUtils.decodePrivateKey(java.nio.file.Files.readString(TestRun.runtime().resolve("jwt/privateKey.pem")));
    }
}
