package dev.marketstream.wsgateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a session needs to be resumed on any pod: its owner and subscriptions. Stored in Redis as JSON
 * under {@code ms:session:{id}} while the connection lives and for the resume window after it drops.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionState(
        String userId,
        List<MarketStream> market,
        Map<String, Set<String>> portfolios,
        Set<String> alertTypes,
        boolean alerts) {

    /** One market subscription. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MarketStream(String symbol, String dataType, Integer maxFrequency) {
    }
}
