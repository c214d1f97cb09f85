package dev.marketstream.eventprocessor.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.eventprocessor.domain.ProcessingStatus;
import dev.marketstream.eventprocessor.persistence.EventProcessingLogEntry;
import dev.marketstream.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' view of {@code event_processing_log}: the latest events in one status, such as everything dead-lettered. */
@Path("/api/v1/streams/processing-log")
@Tag(name = "processing log")
@RolesAllowed("operator")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessingLogResource {

    private static final int MAX_LIMIT = 1000;

    /** One row of the log as the API shows it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(UUID eventId, String eventType, String sourceTopic, String partitionKey, String status, int retryCount,
            String errorMessage, String streamEntryId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        static Row of(EventProcessingLogEntry e) {
            return new Row(e.eventId, e.eventType, e.sourceTopic, e.partitionKey, e.status, e.retryCount, e.errorMessage,
                    e.streamEntryId, e.createdAt, e.updatedAt);
        }
    }

    @GET
    @WithSession
    @Operation(summary = "Events in one status (pending, processed, failed, dead_lettered), most recently changed first")
    public Uni<List<Row>> byStatus(@QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        List<String> known = Arrays.stream(ProcessingStatus.values()).map(ProcessingStatus::column).toList();
        if (status == null || !known.contains(status)) {
            throw ProblemException.invalid("status", "must be one of " + String.join(", ", known));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return EventProcessingLogEntry.byStatus(status, limit).map(rows -> rows.stream().map(Row::of).toList());
    }
}
