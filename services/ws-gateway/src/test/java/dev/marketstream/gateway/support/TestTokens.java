package dev.marketstream.gateway.support;

import dev.marketstream.testing.LocalJwt;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Valid and refusable tokens for handshake tests, signed like scripts/token (see test-support's LocalJwt). */
public final class TestTokens {

    private TestTokens() {
    }

    public static String trader(String userId) {
        return LocalJwt.trader(userId);
    }

    public static String expired(String userId) {
        return LocalJwt.sign(userId, List.of("trader"), "marketstream", -600, LocalJwt.localPrivateKey());
    }

    public static String wrongIssuer(String userId) {
        return LocalJwt.sign(userId, List.of("trader"), "someone-else", 3600, LocalJwt.localPrivateKey());
    }

    /** Signed with a key the gateway does not trust. */
    public static String forged(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return LocalJwt.sign(userId, List.of("trader"), "marketstream", 3600, generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
