package dev.marketstream.wsgateway.config;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives every connection a fixed kernel send buffer: memory per connection stays bounded, and a client
 * that stops reading fills it quickly so the outbox starts conflating instead of the kernel queueing megabytes.
 */
@ApplicationScoped
public class SocketTuning implements HttpServerOptionsCustomizer {

    private final GatewayConfig config;

    public SocketTuning(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(config.outbound().socketSendBuffer());
    }
}
