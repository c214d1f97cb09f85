package dev.marketstream.processor.domain;

import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.VolumeUpdate;
import java.math.BigDecimal;
import java.time.ZoneOffset;

/**
 * A symbol's traded quantity in the current session (a UTC day). A tick of a later day starts a new
 * session; a late tick of an earlier day is counted in the current one.
 *
 * @param epochDay the session's UTC day
 * @param cumulative quantity traded in the session so far
 */
public record SessionVolume(long epochDay, BigDecimal cumulative) {

    public static final SessionVolume NONE = new SessionVolume(Long.MIN_VALUE, BigDecimal.ZERO);

    public SessionVolume add(MarketTick tick) {
        long day = tick.timestamp().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
        return day > epochDay ? new SessionVolume(day, tick.volume()) : new SessionVolume(epochDay, cumulative.add(tick.volume()));
    }

    public VolumeUpdate update(MarketTick tick) {
        return new VolumeUpdate(tick.symbol(), tick.volume(), cumulative, tick.timestamp());
    }
}
