package dev.marketstream.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the one error body of every MarketStream API.
 *
 * @param field the request field, path or query parameter at fault, when there is one
 * @param members extension members of this kind of problem (e.g. a batch's accepted and refused counts)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field,
        @JsonIgnore Map<String, Object> members) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        members = Map.copyOf(members);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, Map.of());
    }

    /**
     * The problem of an HTTP error the framework raised (unknown path, wrong method or media type, ...): its listed type,
     * or {@code about:blank} with the status's reason phrase, which RFC 9457 gives that meaning.
     */
    public static Problem ofHttpStatus(int status, String reason, String detail) {
        return ProblemType.ofStatus(status).map(type -> of(type, detail))
                .orElseGet(() -> new Problem("about:blank", reason, status, detail, null, Map.of()));
    }

    /** A 400 naming the field at fault; the detail starts with the field, so it reads alone too. */
    public static Problem invalid(String field, String detail) {
        return new Problem(ProblemType.INVALID_REQUEST.uri(), ProblemType.INVALID_REQUEST.title(), 400,
                field + ": " + detail, field, Map.of());
    }

    public Problem titled(String title) {
        return new Problem(type, title, status, detail, field, members);
    }

    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(members);
        more.put(member, value);
        return new Problem(type, title, status, detail, field, more);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return members;
    }

    /** A response builder carrying this problem, for headers such as {@code Retry-After}. */
    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }
}
