package dev.marketstream.wsgateway.domain;

/**
 * What a verified JWT allows: its subject (the user id), whether its groups may connect, and from which second (epoch)
 * it is refused: {@code exp} plus the verifier's clock skew, {@link Long#MAX_VALUE} for a token without {@code exp}.
 */
public record VerifiedToken(String subject, boolean allowed, long refusedFromEpochSecond) {

    /** Whether the token lasts for ever (a verifier set to take tokens without {@code exp}). */
    public boolean endless() {
        return refusedFromEpochSecond == Long.MAX_VALUE;
    }
}
