package dev.marketstream.streamprocessor.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an audit replay found: the bars rebuilt from {@code market-data-raw} against the stored history, window by
 * window. {@code differing}, {@code missing} (rebuilt, not stored) and {@code unexpected} (stored, not rebuilt) list up
 * to {@link #MAX_LISTED} window starts each; their counts are complete.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditReport(UUID jobId, String symbol, String interval, Instant from, Instant to, long recordsRead, long tradesUsed,
        long barsRebuilt, long matching, long differingCount, long missingCount, long unexpectedCount, List<Instant> differing,
        List<Instant> missing, List<Instant> unexpected) {

    public static final int MAX_LISTED = 50;
}
