package dev.marketstream.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.marketstream.gateway.protocol.ProtocolException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns invalid REST input into 400 problem documents that name the field. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(ProtocolException e) {
        return Problem.response(400, "Invalid " + e.field(), e.field() + ": " + e.getMessage(), e.field());
    }

    /** A body the JSON reader refused (Quarkus REST reports it as a 400 WebApplicationException). */
    @ServerExceptionMapper
    public Response rejected(jakarta.ws.rs.WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status != 400) {
            return e.getResponse();
        }
        return Problem.response(400, "Malformed request", "the request body is not a valid JSON document", "$");
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return Problem.response(400, "Malformed JSON body", "the request body is not valid JSON: " + e.getOriginalMessage(), "$");
    }
}
