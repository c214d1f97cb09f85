package dev.marketstream.marketingest.api;

import dev.marketstream.marketingest.messaging.ProviderIngest;
import dev.marketstream.platform.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * The provider WebSocket {@code /ingest}: authenticates the upgrade request ({@code Authorization:
 * Bearer <token>} or {@code ?token=}) and hands the socket to an {@link IngestSession}.
 *
 * <p>A plain Vert.x route rather than a websockets-next endpoint: websockets-next queues inbound
 * frames of a connection in an unbounded queue and offers no way to pause reading, while ingest
 * must stop reading a provider's socket when Kafka cannot keep up.
 */
@ApplicationScoped
public class IngestSocket {

    public static final String PATH = "/ingest";
    /** Frames of one connection being published at once; more and the socket is paused. */
    static final int MAX_FRAMES_IN_FLIGHT = 8;

    private final ProviderAuth auth;
    private final ProviderIngest ingest;

    public IngestSocket(ProviderAuth auth, ProviderIngest ingest) {
        this.auth = auth;
        this.ingest = ingest;
    }

    void route(@Observes Router router) {
        router.route(PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext context) {
        String presented = Optional.ofNullable(context.request().getHeader(HttpHeaders.AUTHORIZATION))
                .orElse(context.request().getParam("token"));
        Optional<String> provider = auth.provider(presented);
        if (provider.isEmpty()) {
            context.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("WWW-Authenticate", IngestProblems.CHALLENGE)
                    .end(Json.encode(IngestProblems.unauthenticated()));
            return;
        }
        context.request().toWebSocket()
                .onSuccess(socket -> new IngestSession(socket, provider.get(), ingest, MAX_FRAMES_IN_FLIGHT).start())
                .onFailure(context::fail);
    }
}
