package dev.marketstream.wsgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.marketstream.events.EventEnvelope;
import dev.marketstream.events.TraceContext;
import dev.marketstream.events.codec.EventCodec;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.wsgateway.protocol.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proves delivery messages are read with their optional traceparent, and a malformed one is refused by name. */
class EventMappingTest {

    private final EventCodec codec = new EventCodec();
    private final EventMapping mapping = new EventMapping(codec);
    private final String event = new String(codec.encode(EventEnvelope.of("test", new PortfolioUpdate("pf-1", "u1",
            PortfolioUpdate.UpdateType.POSITION, JsonNodeFactory.instance.objectNode().put("quantity", 1), Instant.now()))),
            StandardCharsets.UTF_8);

    @Test
    void readsAnUntracedDelivery() {
        EventMapping.Delivery delivery = mapping.delivery("{\"seq\":7,\"event\":" + event + "}");

        assertThat(delivery.seq()).isEqualTo(7);
        assertThat(delivery.event().event()).isEqualTo(ServerEvent.PORTFOLIO_UPDATE);
        assertThat(delivery.traceparent()).isNull();
        assertThat(delivery.event().traceId()).isNull();
    }

    @Test
    void readsTheTraceparentOfATracedDelivery() {
        String traceparent = TraceContext.newTrace().traceparent(true);

        EventMapping.Delivery delivery = mapping.delivery("{\"seq\":8,\"traceparent\":\"" + traceparent + "\",\"event\":" + event + "}");

        assertThat(delivery.traceparent()).isEqualTo(traceparent);
    }

    @Test
    void refusesADeliveryWithAMalformedTraceparent() {
        assertThatThrownBy(() -> mapping.delivery("{\"seq\":9,\"traceparent\":\"00-abc\",\"event\":" + event + "}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceparent");
    }
}
