import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.EventIds;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.wsgateway.messaging.MarketDecoder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cost of the gateway feed's per-record decode on one thread: MarketDecoder (read the binary record in place, route
 * fields, render the client JSON once), over 20,000 price records like the JSON version's; ns/record as the median of
 * rounds 21-30. Run with the gateway's classpath, see bench/ws-load/README.md. Bounded: 30 rounds over a fixed set.
 */
public class DecodeCost {
    public static void main(String[] args) {
        MarketWriter writer = new MarketWriter();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long now = Envelopes.now();
            writer.priceUpdate().price(Decimals.of(new BigDecimal("123.4567"), "price")).size(Decimals.ofUnits(100 + i)).exchangeTime(now)
                    .change(Decimals.of(new BigDecimal("-0.1234"), "change")).changePercent(Decimals.of(new BigDecimal("-0.0999"), "pct"))
                    .previousClose(Decimals.of(new BigDecimal("123.5801"), "pc")).marketCap(Decimals.ABSENT)
                    .symbol("WSLOAD" + (i % 2000)).sector("Technology").source("decode-cost");
            writer.envelope(EventIds.next(), now, TraceIds.NONE);
            records.add(writer.toBytes());
        }
        MarketDecoder decoder = new MarketDecoder();
        if (args.length > 0 && args[0].equals("book")) {
            records.clear();
            for (int i = 0; i < 20_000; i++) {
                long now = Envelopes.now();
                var book = writer.bookUpdate().bookSeq(i / 2000 + 1).exchangeTime(now)
                        .kind(i < 2000 ? dev.marketstream.events.sbe.BookKind.SNAPSHOT : dev.marketstream.events.sbe.BookKind.DELTA);
                book.levelsCount(3).next().side(dev.marketstream.events.sbe.Side.BID).price(Decimals.ofUnits(100) - i % 50).size(Decimals.ofUnits(5))
                        .next().side(dev.marketstream.events.sbe.Side.ASK).price(Decimals.ofUnits(101) + i % 50).size(0)
                        .next().side(dev.marketstream.events.sbe.Side.ASK).price(Decimals.ofUnits(102)).size(Decimals.ofUnits(7));
                book.symbol("WSLOAD" + (i % 2000)).source("decode-cost");
                writer.envelope(EventIds.next(), now, TraceIds.NONE);
                records.add(writer.toBytes());
            }
            System.out.println("order-book records of 3 levels (per symbol: a snapshot, then deltas), decoded and applied to books");
        }
        int rounds = 30;
        double[] cost = new double[rounds];
        long sink = 0;
        boolean books = args.length > 0 && args[0].equals("book");
        for (int round = 0; round < rounds; round++) {
            dev.marketstream.wsgateway.domain.OrderBooks book = new dev.marketstream.wsgateway.domain.OrderBooks(new dev.marketstream.wsgateway.domain.GatewayStats());
            long start = System.nanoTime();
            for (byte[] record : records) {
                var update = decoder.decode(record);
                if (books) {
                    sink += book.apply(update.stream().symbol(), decoder.bookUpdate()).ordinal();
                }
                sink += update.dataJson().length();
            }
            cost[round] = (System.nanoTime() - start) / (double) records.size();
            System.out.printf("round %d: binary (feed) %.0f ns/record%n", round + 1, cost[round]);
        }
        double[] last = Arrays.copyOfRange(cost, rounds - 10, rounds);
        Arrays.sort(last);
        System.out.printf("median of rounds 21-30: %.0f ns/record (%.0f records/s) [%d]%n", last[5], 1e9 / last[5], sink % 10);
    }
}
