package dev.marketstream.eventprocessor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketstream.eventprocessor.messaging.StreamDeadLetters;
import dev.marketstream.eventprocessor.redis.QueuedEvent;
import dev.marketstream.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' view of the user-event dead-letter stream, and the re-drive command. */
@Path("/api/v1/streams/dead-letters")
@Tag(name = "dead letters")
@RolesAllowed("operator")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private static final int MAX_LIMIT = 1000;
    private static final Pattern ENTRY_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");

    private final StreamDeadLetters deadLetters;

    public DeadLetterResource(StreamDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** One dead letter: its id, the event and the error that put it there. */
    public record DeadLetter(String id, Map<String, String> fields) {
    }

    @GET
    @Operation(summary = "The oldest dead letters, with the error of each")
    public List<DeadLetter> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return deadLetters.list(limit).stream().map(e -> new DeadLetter(e.entryId(), e.fields())).toList();
    }

    @POST
    @Path("redrive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put dead letters back on the stream once their cause is fixed: {\"ids\": [...]}")
    public StreamDeadLetters.Redriven redrive(JsonNode body) {
        JsonNode ids = body == null ? null : body.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw ProblemException.invalid("ids", "must be a non-empty array of dead-letter entry ids");
        }
        if (ids.size() > MAX_LIMIT) {
            throw ProblemException.invalid("ids", "at most " + MAX_LIMIT + " per call");
        }
        List<String> list = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isTextual() || !ENTRY_ID.matcher(id.textValue()).matches()) {
                throw ProblemException.invalid("ids[" + i + "]", "must be a stream entry id such as 1732665600000-0");
            }
            list.add(id.textValue());
        }
        return deadLetters.redrive(list);
    }
}
