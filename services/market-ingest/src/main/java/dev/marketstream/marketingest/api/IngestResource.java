package dev.marketstream.marketingest.api;

import dev.marketstream.marketingest.domain.IngestReport;
import dev.marketstream.marketingest.messaging.IngestUnavailableException;
import dev.marketstream.marketingest.messaging.ProviderIngest;
import dev.marketstream.platform.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /api/v1/ingest/ticks}: a provider pushes one tick or a JSON array of ticks. 200 when all
 * were accepted, 400 naming each refused item (the valid ones are still accepted), 401 for an unknown
 * token, 503 with {@code Retry-After} when nothing could be taken.
 */
@Path("/api/v1/ingest/ticks")
public class IngestResource {

    private final ProviderAuth auth;
    private final ProviderIngest ingest;

    public IngestResource(ProviderAuth auth, ProviderIngest ingest) {
        this.auth = auth;
        this.ingest = ingest;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Uni<Response> ingest(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return auth.provider(authorization)
                .map(provider -> ingest.ingest(provider, body)
                        .map(IngestResource::answer)
                        .onFailure(IngestUnavailableException.class).recoverWithItem(e -> IngestProblems.unavailable(
                                e.getMessage(), ((IngestUnavailableException) e).retryAfterSeconds())))
                .orElseGet(() -> Uni.createFrom().item(IngestProblems.unauthenticatedResponse()));
    }

    private static Response answer(IngestReport report) {
        if (report.errors().isEmpty()) {
            return Response.ok(Map.of("accepted", report.accepted(), "rejected", 0)).build();
        }
        return IngestProblems.invalidTicks(report);
    }
}
