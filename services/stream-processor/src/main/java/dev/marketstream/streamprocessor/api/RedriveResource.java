package dev.marketstream.streamprocessor.api;

import dev.marketstream.platform.problem.ProblemException;
import dev.marketstream.streamprocessor.domain.RedriveReport;
import dev.marketstream.streamprocessor.messaging.DlqRedriver;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code POST /api/v1/dlq/market-data-raw/redrive?limit=N[&since=ISO-instant]}: operators put dead letters
 * that are valid now back into the pipeline (see {@link DlqRedriver}). Needs a JWT with group {@code operator}.
 */
@Path("/api/v1/dlq/market-data-raw/redrive")
public class RedriveResource {

    static final int MAX_LIMIT = 100_000;
    private final DlqRedriver redriver;

    public RedriveResource(DlqRedriver redriver) {
        this.redriver = redriver;
    }

    @POST
    @Blocking
    @RolesAllowed("operator")
    @Produces(MediaType.APPLICATION_JSON)
    public RedriveReport redrive(@QueryParam("limit") @DefaultValue("1000") int limit, @QueryParam("since") String since) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT + " but was " + limit);
        }
        return redriver.redrive(limit, Optional.ofNullable(since).map(RedriveResource::instant));
    }

    private static Instant instant(String since) {
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("since", "must be an ISO-8601 instant such as 2026-11-26T12:00:00Z but was '" + since + "'");
        }
    }
}
