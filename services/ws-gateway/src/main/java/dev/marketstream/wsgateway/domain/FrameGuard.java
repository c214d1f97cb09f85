package dev.marketstream.wsgateway.domain;

/**
 * Inbound limits of one connection: a token bucket of frames per second, and a count of rejected
 * frames within a sliding window beyond which the client is treated as abusive. Confined to the lane.
 */
public final class FrameGuard {

    /** Limits of one guard. */
    public record Limits(int framesPerSecond, int burst, int abuseThreshold, long abuseWindowNanos) {
    }

    private final Limits limits;
    private double tokens;
    private long refilledAt;
    /** The times of the last rejections, a ring; allocated at the first rejection, which most connections never get. */
    private long[] rejections;
    private int rejectionCount;

    public FrameGuard(Limits limits, long now) {
        this.limits = limits;
        this.tokens = limits.burst();
        this.refilledAt = now;
    }

    /** Takes a token for one frame; false when the client sends faster than allowed. */
    public boolean tryAcquire(long now) {
        tokens = Math.min(limits.burst(), tokens + (now - refilledAt) * limits.framesPerSecond() / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Records a rejected frame; true when the rejections within the window reached the abuse threshold. */
    public boolean rejectAndCheckAbuse(long now) {
        if (rejections == null) {
            rejections = new long[Math.max(1, limits.abuseThreshold())];
        }
        rejections[rejectionCount % rejections.length] = now;
        rejectionCount++;
        if (rejectionCount < rejections.length) {
            return false;
        }
        long oldest = rejections[rejectionCount % rejections.length];
        return now - oldest <= limits.abuseWindowNanos();
    }
}
