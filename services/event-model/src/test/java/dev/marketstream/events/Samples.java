package dev.marketstream.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.marketstream.events.market.MarketTick;
import dev.marketstream.events.market.OhlcvBar;
import dev.marketstream.events.market.OrderBookUpdate;
import dev.marketstream.events.market.PriceLevel;
import dev.marketstream.events.market.PriceUpdate;
import dev.marketstream.events.market.ReferenceData;
import dev.marketstream.events.market.VolumeUpdate;
import dev.marketstream.events.user.PortfolioUpdate;
import dev.marketstream.events.user.Severity;
import dev.marketstream.events.user.SystemNotification;
import dev.marketstream.events.user.TradingAlert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One valid payload of every type. */
public final class Samples {

    public static final Instant AT = Instant.parse("2026-11-26T14:30:00.125Z");

    private Samples() {
    }

    public static MarketTick tick() {
        return new MarketTick("AAPL", new BigDecimal("189.42"), new BigDecimal("300"), AT, "XNAS",
                List.of(level("189.41", "500"), level("189.40", "1200")),
                List.of(level("189.43", "400"), level("189.45", "900")));
    }

    public static PriceUpdate price() {
        return new PriceUpdate("AAPL", new BigDecimal("189.42"), new BigDecimal("300"), AT, new BigDecimal("1.42"),
                new BigDecimal("0.7553"), new BigDecimal("188.00"), "Technology", new BigDecimal("2950000000000"));
    }

    public static VolumeUpdate volume() {
        return new VolumeUpdate("AAPL", new BigDecimal("300"), new BigDecimal("1250300"), AT);
    }

    public static OrderBookUpdate orderBook() {
        return new OrderBookUpdate("AAPL", List.of(level("189.41", "500")), List.of(level("189.43", "400")), AT);
    }

    public static OhlcvBar bar() {
        return new OhlcvBar("AAPL", "1s", AT, AT.plusSeconds(1), new BigDecimal("189.40"), new BigDecimal("189.50"),
                new BigDecimal("189.35"), new BigDecimal("189.42"), new BigDecimal("5300"), new BigDecimal("189.44"), 17);
    }

    public static ReferenceData reference() {
        return new ReferenceData("AAPL", "Technology", new BigDecimal("2950000000000"), new BigDecimal("188.00"));
    }

    public static PortfolioUpdate portfolio() {
        return new PortfolioUpdate("pf-42", "user-7", PortfolioUpdate.UpdateType.POSITION,
                JsonNodeFactory.instance.objectNode().put("symbol", "AAPL").put("quantity", 150), AT);
    }

    public static TradingAlert alert() {
        return new TradingAlert("al-1", "user-7", "price_threshold", "AAPL crossed 189.00", Severity.WARNING, AT, "AAPL");
    }

    public static SystemNotification broadcast() {
        return new SystemNotification("n-1", "Maintenance", "Trading halts at 22:00 UTC", Severity.INFO, true, List.of(), AT);
    }

    public static SystemNotification targeted() {
        return new SystemNotification("n-2", null, "Your API key expires tomorrow", Severity.WARNING, false,
                List.of("user-7", "user-8"), AT);
    }

    public static List<EventPayload> allTypes() {
        return List.of(tick(), price(), volume(), orderBook(), bar(), reference(), portfolio(), alert(), broadcast(), targeted());
    }

    private static PriceLevel level(String price, String size) {
        return new PriceLevel(new BigDecimal(price), new BigDecimal(size));
    }
}
