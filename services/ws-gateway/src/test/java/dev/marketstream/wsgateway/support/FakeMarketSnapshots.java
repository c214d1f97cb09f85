package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.protocol.DataType;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@link Ports.MarketSnapshots} over a set of known symbols and a list of latest values. */
public final class FakeMarketSnapshots extends FakePort implements Ports.MarketSnapshots {

    private final Set<String> known = new HashSet<>();
    private final List<MarketUpdate> latest = new ArrayList<>();
    private Throwable latestFailure;

    /** Symbols the platform knows. */
    public FakeMarketSnapshots know(String... symbols) {
        known.addAll(List.of(symbols));
        return this;
    }

    /** A latest value, as the pipeline would have written it. */
    public void store(MarketUpdate update) {
        latest.add(update);
    }

    /** Makes only {@link #latest} fail (the symbol check still answers); null makes it answer again. */
    public void failLatestWith(Throwable failure) {
        latestFailure = failure;
    }

    @Override
    public Uni<Set<String>> unknownSymbols(Collection<String> symbols) {
        return answer(() -> {
            Set<String> unknown = new LinkedHashSet<>(symbols);
            unknown.removeAll(known);
            return unknown;
        });
    }

    @Override
    public Uni<List<MarketUpdate>> latest(DataType type, Collection<String> symbols) {
        Supplier<List<MarketUpdate>> values = () -> latest.stream()
                .filter(u -> u.stream().type() == type && symbols.contains(u.stream().symbol())).toList();
        return latestFailure == null ? answer(values) : answer(values, latestFailure);
    }
}
