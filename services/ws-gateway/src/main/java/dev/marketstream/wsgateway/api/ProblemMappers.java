package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.platform.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Invalid REST input the gateway's protocol parser refused, as a 400 problem that names the field; every other error
 * is mapped by the platform's {@link dev.marketstream.platform.problem.ProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(ProtocolException e) {
        return Problem.invalid(e.field(), e.getMessage()).titled("Invalid " + e.field()).toResponse();
    }
}
