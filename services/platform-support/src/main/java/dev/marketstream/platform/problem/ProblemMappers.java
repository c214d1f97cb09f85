package dev.marketstream.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of a service's REST API as {@code application/problem+json}, mapped the same way in every service:
 * refusals the code raises ({@link ProblemException}), missing or bad tokens (401), missing roles (403), unreadable
 * JSON (400, field {@code $}), the framework's own HTTP errors without a body (404 for an unknown path, 405, 415, ...)
 * and, last,
 * anything unexpected (500, logged with its stack trace, with no internals in the body).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Problem.of(ProblemType.UNAUTHORIZED, "a valid bearer token (RS256 JWT issued by marketstream) is required")
                .toResponseBuilder().header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(ProblemType.FORBIDDEN, "this operation needs the operator role (groups: operator)").toResponse();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return Problem.invalid("$", "the body is not valid JSON: " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response original = e.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        Response.ResponseBuilder answer = Problem.ofHttpStatus(original.getStatus(),
                original.getStatusInfo().getReasonPhrase(), e.getMessage()).toResponseBuilder();
        original.getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed unexpectedly", e);
        return Problem.of(ProblemType.INTERNAL, "the request failed on the server; its log has the cause").toResponse();
    }
}
