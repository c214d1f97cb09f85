package dev.marketstream.eventprocessor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.eventprocessor.domain.ReplayReport;
import dev.marketstream.eventprocessor.messaging.ReplayRunner;
import dev.marketstream.platform.problem.Problem;
import dev.marketstream.platform.problem.ProblemException;
import dev.marketstream.platform.problem.ProblemType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Event replay for operators: start a job, then follow its progress. */
@Path("/api/v1/streams/replay")
@Tag(name = "replay")
@RolesAllowed("operator")
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {

    private final ReplayRunner runner;

    public ReplayResource(ReplayRunner runner) {
        this.runner = runner;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay a topic's events between two instants to a new topic or into one user's stream")
    @APIResponse(responseCode = "202", description = "Job started; Location names its report")
    @APIResponse(responseCode = "400", description = "Invalid request; the problem names the field")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not an operator")
    @APIResponse(responseCode = "429", description = "Too many replay jobs running")
    public Response start(JsonNode body, @Context UriInfo uri) {
        ReplayReport report;
        try {
            report = runner.start(ReplayRequestParser.parse(body));
        } catch (ReplayRunner.BusyException e) {
            throw new ProblemException(Problem.of(ProblemType.TOO_MANY_REQUESTS, e.getMessage()).titled("Too many replay jobs"));
        }
        return Response.accepted(report).location(uri.getAbsolutePathBuilder().path(report.jobId()).build()).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A replay job's status and progress")
    @APIResponse(responseCode = "200", description = "The job's report")
    @APIResponse(responseCode = "404", description = "No such job (or its report expired)")
    public ReplayReport get(@PathParam("id") String id) {
        return runner.find(id).orElseThrow(() -> ProblemException.notFound("no replay job " + id));
    }
}
