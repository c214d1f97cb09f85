package dev.marketstream.wsgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.wsgateway.persistence.PersistentSubscriptionStore;
import dev.marketstream.wsgateway.persistence.SubscriptionRecord;
import dev.marketstream.wsgateway.protocol.ErrorCode;
import dev.marketstream.wsgateway.protocol.ProtocolException;
import dev.marketstream.platform.problem.Problem;
import dev.marketstream.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Persistent subscriptions of the caller: stored here, applied by the gateway on every WebSocket
 * connect of the same user.
 */
@Path("/api/v1/streams/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"trader", "operator"})
@Tag(name = "subscriptions")
@SecurityRequirement(name = "jwt")
public class SubscriptionResource {

    private final PersistentSubscriptionStore store;
    private final JsonWebToken jwt;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    public SubscriptionResource(PersistentSubscriptionStore store, JsonWebToken jwt, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.store = store;
        this.jwt = jwt;
        this.mapper = mapper;
    }

    /** A request to store a subscription. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewSubscription(String streamType, JsonNode parameters) {
    }

    /** A stored subscription. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Subscription(UUID id, String streamType, JsonNode parameters, OffsetDateTime createdAt) {
    }

    @POST
    @WithTransaction
    @Operation(summary = "Store a subscription applied on every connect (market_data, portfolio or alerts)")
    @APIResponse(responseCode = "201", description = "Stored")
    @APIResponse(responseCode = "400", description = "Invalid stream_type or parameters (problem+json naming the field)")
    @APIResponse(responseCode = "401", description = "No or invalid token")
    public Uni<Response> create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "$", "the body must be a JSON object {stream_type, parameters}");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("stream_type") && !name.equals("parameters")) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, name, "is not a field of a subscription (stream_type, parameters)");
            }
        });
        JsonNode type = body.get("stream_type");
        String streamType = type != null && type.isTextual() ? type.textValue() : null;
        return store.validate(streamType, body.get("parameters"))
                .chain(request -> store.create(jwt.getSubject(), streamType, request))
                .map(record -> Response.created(URI.create("/api/v1/streams/subscriptions/" + record.id)).entity(view(record)).build());
    }

    @GET
    @WithSession
    @Operation(summary = "List the caller's stored subscriptions")
    public Uni<List<Subscription>> list() {
        return store.list(jwt.getSubject()).map(records -> records.stream().map(this::view).toList());
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    @Operation(summary = "Remove one of the caller's stored subscriptions")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem+json with field \"id\")")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new ProtocolException(ErrorCode.INVALID_FIELD, "id",
                    "'" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "' is not a subscription id (a UUID)"));
        }
        return store.delete(jwt.getSubject(), uuid).map(deleted -> deleted ? Response.noContent().build() : notFound(id));
    }

    private static Response notFound(String id) {
        return Problem.of(ProblemType.NOT_FOUND, "no subscription " + id + " of the caller").titled("Subscription not found")
                .toResponse();
    }

    private Subscription view(SubscriptionRecord record) {
        try {
            return new Subscription(record.id, record.streamType, mapper.readTree(record.parameters),
                    record.createdAt);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
