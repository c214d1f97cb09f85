package dev.marketstream.userevents.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.marketstream.userevents.messaging.ReplayRunner;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of this API as {@code application/problem+json}, naming the field at fault where there is one. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                        "a valid bearer token (RS256 JWT issued by marketstream) is required", null)))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "this operation needs the operator role (groups: operator)", null));
    }

    @ServerExceptionMapper
    public Response busy(ReplayRunner.BusyException e) {
        return respond(Problem.of(429, "Too many replay jobs", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return respond(Problem.of(400, "Invalid request", "body is not valid JSON: " + e.getOriginalMessage(), "$"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), null));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
