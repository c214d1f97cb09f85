package dev.marketstream.gateway.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Signs RS256 JWTs with the local stack's private key, the way scripts/token does. */
public final class TestTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    public static String trader(String userId) {
        return sign(userId, List.of("trader"), "marketstream", 3600, privateKey());
    }

    public static String expired(String userId) {
        return sign(userId, List.of("trader"), "marketstream", -600, privateKey());
    }

    public static String wrongIssuer(String userId) {
        return sign(userId, List.of("trader"), "someone-else", 3600, privateKey());
    }

    /** Signed with a key the gateway does not trust. */
    public static String forged(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(userId, List.of("trader"), "marketstream", 3600, generator.generateKeyPair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String subject, List<String> groups, String issuer, long ttlSeconds, PrivateKey key) {
        long now = Instant.now().getEpochSecond();
        String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"marketstream\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[" + String.join(",", groups.stream().map(g -> "\"" + g + "\"").toList()) + "],\"iat\":" + (now - 60)
                + ",\"exp\":" + (now + ttlSeconds) + "}";
        String payload = URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + URL.encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey privateKey() {
        String runtime = System.getenv().getOrDefault("MARKETSTREAM_RUNTIME", "../../.runtime");
        try {
            String pem = Files.readString(Path.of(runtime, "jwt", "privateKey.pem"))
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the JWT private key under " + runtime + "/jwt", e);
        }
    }
}
