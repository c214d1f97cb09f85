package dev.marketstream.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.marketstream.ingest.domain.IngestReport;
import dev.marketstream.ingest.domain.ItemError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem document; for refused ticks it also says how many of the batch were accepted
 * and lists each refused item with its field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, Integer accepted, Integer rejected,
        List<ItemError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://marketstream.dev/problems/";

    static Response unauthenticated() {
        return response(new Problem(TYPES + "unauthenticated", "Unauthenticated", 401,
                "present a known provider token as 'Authorization: Bearer <token>'", null, null, null))
                .header("WWW-Authenticate", "Bearer realm=\"market-ingest\"").build();
    }

    static Response unavailable(String detail, long retryAfterSeconds) {
        return response(new Problem(TYPES + "ingest-unavailable", "Ingest unavailable", 503, detail, 0, null, null))
                .header("Retry-After", Long.toString(retryAfterSeconds)).build();
    }

    static Response invalidTicks(IngestReport report) {
        String detail = report.rejected() + " item(s) refused and dead-lettered; " + report.accepted()
                + " valid tick(s) of the same batch were accepted";
        return response(new Problem(TYPES + "invalid-ticks", "Invalid ticks", 400, detail, report.accepted(),
                report.rejected(), report.errors())).build();
    }

    private static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem);
    }
}
