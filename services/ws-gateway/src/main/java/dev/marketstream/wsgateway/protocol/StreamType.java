package dev.marketstream.wsgateway.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of subscription, as {@code unsubscribe} names them and as the {@code stream} of {@code subscribed} and
 * {@code unsubscribed} gives them; also the {@code stream_type} of the connection journal.
 */
@RegisterForReflection
public enum StreamType {
    MARKET_DATA("market_data"),
    PORTFOLIO("portfolio"),
    ALERTS("alerts"),
    /** The subscriptions stored with the REST API, acknowledged together on connect; a client cannot unsubscribe from it. */
    STORED("stored");

    private final String wireName;

    StreamType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether {@code unsubscribe} accepts it. */
    public boolean unsubscribable() {
        return this != STORED;
    }

    public static Optional<StreamType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** The wire names {@code unsubscribe} accepts, sorted: {@code alerts, market_data, portfolio}. */
    public static String unsubscribableNames() {
        return Arrays.stream(values()).filter(StreamType::unsubscribable).map(StreamType::wireName).sorted()
                .collect(Collectors.joining(", "));
    }
}
