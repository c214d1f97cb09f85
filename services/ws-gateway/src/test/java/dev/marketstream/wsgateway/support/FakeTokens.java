package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.domain.VerifiedToken;
import java.util.HashMap;
import java.util.Map;

/** Tokens as strings a test declares valid ({@link #accept}); any other string is refused like a forged token. */
public final class FakeTokens implements Ports.Tokens {

    private final Map<String, VerifiedToken> valid = new HashMap<>();

    /** Declares {@code token} valid for the subject, refused from {@code refusedFromEpochSecond} on. */
    public void accept(String token, String subject, boolean allowed, long refusedFromEpochSecond) {
        valid.put(token, new VerifiedToken(subject, allowed, refusedFromEpochSecond));
    }

    @Override
    public VerifiedToken verify(String token) {
        return valid.get(token);
    }
}
