package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.domain.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Tokens whose signature, issuer and audience were verified, by SHA-256 of the token string, until they expire: a
 * client reconnecting with the same token skips the RSA verification. An entry keeps what the handshake needs (the
 * subject and whether its groups may connect) and stops counting at its expiry ({@code exp} plus the verifier's clock
 * skew, from when the verifier itself refuses the token). Bounded: when full, expired entries are swept (at
 * most once a second); if it is still full, new tokens are verified every time instead of being remembered.
 */
final class VerifiedTokens {

    private static final long SWEEP_EVERY_SECONDS = 1;

    private final Map<String, VerifiedToken> byHash = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongSupplier epochSeconds;
    private final AtomicLong lastSweep = new AtomicLong();

    VerifiedTokens(int maxEntries, LongSupplier epochSeconds) {
        this.maxEntries = maxEntries;
        this.epochSeconds = epochSeconds;
    }

    /** The token's SHA-256, the key of its entry. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The token verified before and not yet expired; null otherwise (an expired entry is removed). */
    VerifiedToken get(String hash) {
        VerifiedToken verified = byHash.get(hash);
        if (verified != null && expired(verified)) {
            byHash.remove(hash, verified);
            return null;
        }
        return verified;
    }

    /** Whether the token's time is over: it must be refused, cached or not. */
    boolean expired(VerifiedToken verified) {
        return epochSeconds.getAsLong() >= verified.refusedFromEpochSecond();
    }

    /** Remembers a token the verifier accepted. */
    void put(String hash, VerifiedToken verified) {
        if (byHash.size() >= maxEntries) {
            sweep();
            if (byHash.size() >= maxEntries) {
                return;
            }
        }
        byHash.put(hash, verified);
    }

    int size() {
        return byHash.size();
    }

    private void sweep() {
        long now = epochSeconds.getAsLong();
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY_SECONDS && lastSweep.compareAndSet(last, now)) {
            byHash.values().removeIf(verified -> now >= verified.refusedFromEpochSecond());
        }
    }
}
