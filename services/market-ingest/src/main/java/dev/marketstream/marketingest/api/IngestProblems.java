package dev.marketstream.marketingest.api;

import dev.marketstream.marketingest.domain.IngestReport;
import dev.marketstream.platform.problem.Problem;
import dev.marketstream.platform.problem.ProblemType;
import jakarta.ws.rs.core.Response;

/** The problems ingest answers with; refused ticks also say how many of the batch were accepted, item by item. */
final class IngestProblems {

    static final String CHALLENGE = "Bearer realm=\"market-ingest\"";

    private IngestProblems() {
    }

    static Problem unauthenticated() {
        return Problem.of(ProblemType.UNAUTHORIZED, "present a known provider token as 'Authorization: Bearer <token>'");
    }

    static Response unauthenticatedResponse() {
        return unauthenticated().toResponseBuilder().header("WWW-Authenticate", CHALLENGE).build();
    }

    static Response unavailable(String detail, long retryAfterSeconds) {
        return Problem.of(ProblemType.UNAVAILABLE, detail).titled("Ingest unavailable").with("accepted", 0)
                .toResponseBuilder().header("Retry-After", Long.toString(retryAfterSeconds)).build();
    }

    static Response invalidTicks(IngestReport report) {
        String detail = report.rejected() + " item(s) refused and dead-lettered; " + report.accepted()
                + " valid tick(s) of the same batch were accepted";
        return Problem.of(ProblemType.INVALID_REQUEST, detail).titled("Invalid ticks").with("accepted", report.accepted())
                .with("rejected", report.rejected()).with("errors", report.errors()).toResponse();
    }
}
