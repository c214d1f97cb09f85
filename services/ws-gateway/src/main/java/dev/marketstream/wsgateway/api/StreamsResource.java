package dev.marketstream.wsgateway.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.wsgateway.domain.GatewayStats;
import dev.marketstream.wsgateway.health.GatewayReadiness;
import dev.marketstream.wsgateway.redis.PodCounters;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Health and metrics of the streaming platform as the gateway sees it. */
@Path("/api/v1/streams")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "streams")
@SecurityRequirement(name = "jwt")
public class StreamsResource {

    private final GatewayReadiness.StreamStatus status;
    private final PodCounters counters;
    private final GatewayStats stats;

    public StreamsResource(GatewayReadiness.StreamStatus status, PodCounters counters, GatewayStats stats) {
        this.status = status;
        this.counters = counters;
        this.stats = stats;
    }

    /** Health of the streams; {@code websocket_connections} and {@code events_per_second} are totals over all gateway pods. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Health(String status, String kafkaStatus, String redisStatus, long websocketConnections, double eventsPerSecond,
            int gatewayPods) {
    }

    /** Counters of this pod. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metrics(long totalEventsProcessed, double averageLatencyMs, double errorRate, long activeConnections,
            long framesDelivered, long updatesConflated, long updatesDropped) {
    }

    @GET
    @Path("/health")
    @Operation(summary = "Kafka and Redis status, connections and event rate over all gateway pods (503 when a dependency is down)")
    public Uni<Response> health() {
        boolean kafka = status.kafkaUp();
        return status.redisUp().chain(redis -> (redis ? counters.totals() : Uni.createFrom().item(
                        new PodCounters.Totals(stats.activeConnections.get(), counters.eventsPerSecond(), 1)))
                .ifNoItem().after(Duration.ofSeconds(2)).recoverWithItem(new PodCounters.Totals(stats.activeConnections.get(),
                        counters.eventsPerSecond(), 1))
                .map(totals -> {
                    boolean up = kafka && redis;
                    Health health = new Health(up ? "UP" : "DOWN", kafka ? "UP" : "DOWN", redis ? "UP" : "DOWN",
                            totals.connections(), totals.eventsPerSecond(), totals.pods());
                    return Response.status(up ? 200 : 503).entity(health).build();
                }));
    }

    @GET
    @Path("/metrics")
    @Operation(summary = "Events processed, average latency (market time to fan-out), error rate and open connections of this pod")
    public Metrics metrics() {
        return new Metrics(stats.eventsProcessed.sum(), stats.averageLatencyMillis(), stats.errorRate(), stats.activeConnections.get(),
                stats.framesDelivered.sum(), stats.conflated.sum(), stats.dropped.sum());
    }
}
