package dev.marketstream.streamprocessor.api;

import dev.marketstream.events.binary.Intervals;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.TopicCatalog;
import dev.marketstream.platform.problem.ProblemException;
import dev.marketstream.streamprocessor.domain.AuditReport;
import dev.marketstream.streamprocessor.messaging.AuditReplayer;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /api/v1/market/{symbol}/audit?interval=1m&from=...&to=...}: operators rebuild a symbol's bars of a time
 * range from {@code market-data-raw} (while Kafka retains it) and compare them with the stored history (see
 * {@link AuditReplayer}). Needs a JWT with group {@code operator}.
 */
@Path("/api/v1/market/{symbol}/audit")
public class AuditResource {

    static final Duration MAX_RANGE = Duration.ofDays(1);
    private final AuditReplayer replayer;

    public AuditResource(AuditReplayer replayer) {
        this.replayer = replayer;
    }

    @POST
    @Blocking
    @RolesAllowed("operator")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditReport audit(@PathParam("symbol") String symbol, @QueryParam("interval") @DefaultValue("1m") String interval,
            @QueryParam("from") String from, @QueryParam("to") String to) throws SQLException {
        try {
            Check.marketSymbol(symbol, "symbol");
        } catch (EventValidationException e) {
            throw ProblemException.invalid("symbol", e.reason());
        }
        int seconds = Intervals.seconds(interval);
        if (seconds != 1 && seconds != 60) {
            throw ProblemException.invalid("interval", "must be 1s or 1m (the intervals the processor builds) but was '" + interval + "'");
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.invalid("to", "must be after from and at most " + MAX_RANGE.toHours() + " h after it");
        }
        if (start.isBefore(Instant.now().minus(TopicCatalog.MARKET_RETENTION))) {
            throw ProblemException.invalid("from", "lies before what market-data-raw retains (" + TopicCatalog.MARKET_RETENTION.toHours() + " h)");
        }
        return replayer.replay(symbol, seconds, start, end);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            throw ProblemException.invalid(field, "is required: an ISO-8601 instant such as 2026-12-01T14:00:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-12-01T14:00:00Z but was '" + value + "'");
        }
    }
}
