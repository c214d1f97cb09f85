package dev.marketstream.wsgateway.config;

import dev.marketstream.wsgateway.domain.SessionState;
import dev.marketstream.wsgateway.protocol.ClientRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Jackson binds outside a REST endpoint (which Quarkus registers on its own), kept for the native image:
 * client frames' data, session state and pod counters as stored in Redis. The event model's payloads are registered by
 * its own jar (META-INF/native-image/dev.marketstream/event-model/reflect-config.json).
 */
@RegisterForReflection(targets = {SessionState.class, SessionState.MarketStream.class, ClientRequest.SubscribeMarketData.class,
        ClientRequest.UnsubscribeMarketData.class, ClientRequest.SubscribePortfolio.class, ClientRequest.SubscribeAlerts.class,
        ClientRequest.Unsubscribe.class, ClientRequest.Ping.class, ClientRequest.Resume.class,
        ClientRequest.Refresh.class},
        classNames = "dev.marketstream.wsgateway.redis.PodCounters$PodReport")
final class NativeReflection {

    private NativeReflection() {
    }
}
