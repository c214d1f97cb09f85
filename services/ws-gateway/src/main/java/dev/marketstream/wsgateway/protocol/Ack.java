package dev.marketstream.wsgateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The {@code data} of {@code subscribed} and {@code unsubscribed}: what a request changed, one record per kind of
 * stream and direction, written first with its {@link #stream()}. The connection journal keeps the same JSON as the
 * subscription's parameters.
 */
@JsonPropertyOrder({"stream"})
@RegisterForReflection
public sealed interface Ack extends ControlData {

    @JsonProperty("stream")
    StreamType stream();

    /** {@link ServerEvent#SUBSCRIBED} or {@link ServerEvent#UNSUBSCRIBED}. */
    ServerEvent event();

    /** An acknowledgement of {@code subscribed}. */
    sealed interface Subscribed extends Ack {
        @Override
        default ServerEvent event() {
            return ServerEvent.SUBSCRIBED;
        }
    }

    /** An acknowledgement of {@code unsubscribed}. */
    sealed interface Unsubscribed extends Ack {
        @Override
        default ServerEvent event() {
            return ServerEvent.UNSUBSCRIBED;
        }
    }

    /** {@code subscribe_market_data}: the request's symbols and data types, and its {@code max_frequency} if it had one. */
    record MarketDataSubscribed(List<String> symbols, List<String> dataTypes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxFrequency) implements Subscribed {
        @Override
        public StreamType stream() {
            return StreamType.MARKET_DATA;
        }
    }

    /** {@code unsubscribe_market_data} and {@code unsubscribe} of market data: the symbols asked, the streams ended. */
    record MarketDataUnsubscribed(List<String> symbols, List<String> streams) implements Unsubscribed {
        @Override
        public StreamType stream() {
            return StreamType.MARKET_DATA;
        }
    }

    record PortfolioSubscribed(String portfolioId, List<String> updateTypes) implements Subscribed {
        @Override
        public StreamType stream() {
            return StreamType.PORTFOLIO;
        }
    }

    /** {@code portfolio_id} is null (and written) when every portfolio was unsubscribed. */
    record PortfolioUnsubscribed(String portfolioId) implements Unsubscribed {
        @Override
        public StreamType stream() {
            return StreamType.PORTFOLIO;
        }
    }

    record AlertsSubscribed(List<String> alertTypes) implements Subscribed {
        @Override
        public StreamType stream() {
            return StreamType.ALERTS;
        }
    }

    record AlertsUnsubscribed() implements Unsubscribed {
        @Override
        public StreamType stream() {
            return StreamType.ALERTS;
        }
    }

    /** The stored subscriptions applied on connect: how many of each kind. */
    @JsonPropertyOrder({"stream", "persistent"})
    record StoredSubscribed(int marketStreams, int portfolios, boolean alerts) implements Subscribed {
        @Override
        public StreamType stream() {
            return StreamType.STORED;
        }

        @JsonProperty("persistent")
        public boolean persistent() {
            return true;
        }
    }
}
