package dev.marketstream.marketingest.domain;

import java.util.List;

/**
 * What became of a provider document once Kafka committed it.
 *
 * @param accepted ticks published to {@code market-data-raw}
 * @param errors items refused (and dead-lettered), each naming its field
 */
public record IngestReport(int accepted, List<ItemError> errors) {

    public int rejected() {
        return errors.size();
    }
}
