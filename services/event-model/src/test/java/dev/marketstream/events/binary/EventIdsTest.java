package dev.marketstream.events.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Proves feed event ids are distinct, version-7 UUIDs of the RFC variant, ordered by creation. */
class EventIdsTest {

    @Test
    void idsAreDistinctTimeOrderedVersionSevenUuids() {
        Set<UUID> seen = new HashSet<>();
        UUID previous = EventIds.next();
        for (int i = 0; i < 100_000; i++) {
            UUID id = EventIds.next();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(Long.compareUnsigned(id.getMostSignificantBits(), previous.getMostSignificantBits())).isGreaterThanOrEqualTo(0);
            assertThat(seen.add(id)).isTrue();
            previous = id;
        }
    }
}
