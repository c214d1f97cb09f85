package dev.marketstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Signs RS256 tokens with the local stack's key pair, with the claims of docs/architecture.md, as scripts/token does. */
public final class LocalJwt {

    private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

    private LocalJwt() {
    }

    public static String trader(String userId) {
        return sign(userId, List.of("trader"), 3600);
    }

    public static String operator(String userId) {
        return sign(userId, List.of("operator"), 3600);
    }

    public static String sign(String subject, List<String> groups, long ttlSeconds) {
        return sign(subject, groups, "marketstream", ttlSeconds, localPrivateKey());
    }

    /** A token with any issuer, lifetime (negative: already expired) and signing key, for tests of refusals. */
    public static String sign(String subject, List<String> groups, String issuer, long ttlSeconds, PrivateKey key) {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"marketstream\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[" + groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + (now - 60) + ",\"exp\":" + (now + ttlSeconds) + "}";
        String unsigned = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + BASE64_URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    /** The local stack's signing key ({@code .runtime/jwt/privateKey.pem}). */
    public static PrivateKey localPrivateKey() {
        try {
            String pem = Files.readString(LocalStack.runtime().resolve("jwt").resolve("privateKey.pem"));
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("no local JWT key: run scripts/stack up", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable local JWT key", e);
        }
    }

    private static String encode(String json) {
        return BASE64_URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
