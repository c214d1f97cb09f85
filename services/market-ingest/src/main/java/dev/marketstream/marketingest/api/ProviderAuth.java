package dev.marketstream.marketingest.api;

import dev.marketstream.marketingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/** Maps a presented provider token to the provider's name; tokens are compared in constant time. */
@ApplicationScoped
public class ProviderAuth {

    private static final String BEARER = "Bearer ";
    private final Map<String, String> tokens;

    public ProviderAuth(IngestConfig config) {
        this.tokens = Map.copyOf(config.providerTokens());
    }

    /** The provider owning the token in an {@code Authorization: Bearer} header or a bare token. */
    public Optional<String> provider(String authorizationOrToken) {
        if (authorizationOrToken == null || authorizationOrToken.isBlank()) {
            return Optional.empty();
        }
        String token = authorizationOrToken.startsWith(BEARER) ? authorizationOrToken.substring(BEARER.length()).trim()
                : authorizationOrToken.trim();
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Map.Entry<String, String> entry : tokens.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getValue().getBytes(StandardCharsets.UTF_8))) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }
}
