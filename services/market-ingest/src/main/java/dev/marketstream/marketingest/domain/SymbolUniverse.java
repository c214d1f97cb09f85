package dev.marketstream.marketingest.domain;

import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names the synthetic exchange lists: real S&P 500 constituents with their GICS sectors, from the resource
 * {@value #RESOURCE} in its order (the largest first), then, when more are asked for, derived names: the
 * constituents again with {@code -2}, then {@code -3} and so on ({@code AAPL-2}, {@code MSFT-2}, ...), each keeping
 * its constituent's sector. The same count and prefix always give the same names.
 */
public final class SymbolUniverse {

    /** A symbol and its GICS sector. */
    public record Name(String symbol, String sector) {
    }

    static final String RESOURCE = "/synthetic/sp500.csv";
    private static final List<Name> CONSTITUENTS = load();

    private SymbolUniverse() {
    }

    /** The S&P 500 constituents of the resource file, in its order. */
    public static List<Name> constituents() {
        return CONSTITUENTS;
    }

    /**
     * The first {@code count} names, each behind {@code prefix}.
     *
     * @throws IllegalArgumentException when a prefixed name is not a valid symbol (too long, say)
     */
    public static List<Name> first(int count, String prefix) {
        List<Name> names = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int round = 1; names.size() < count; round++) {
            for (int i = 0; i < CONSTITUENTS.size() && names.size() < count; i++) {
                Name constituent = CONSTITUENTS.get(i);
                String symbol = prefix + constituent.symbol() + (round == 1 ? "" : "-" + round);
                try {
                    Check.marketSymbol(symbol, "symbol");
                } catch (EventValidationException e) {
                    throw new IllegalArgumentException("symbol prefix '" + prefix + "' for " + count + " symbols: "
                            + e.reason(), e);
                }
                if (seen.add(symbol)) {
                    names.add(new Name(symbol, constituent.sector()));
                }
            }
        }
        return names;
    }

    private static List<Name> load() {
        List<Name> names = new ArrayList<>(512);
        try (InputStream in = SymbolUniverse.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#") || line.equals("symbol,sector")) {
                    continue;
                }
                int comma = line.indexOf(',');
                names.add(new Name(line.substring(0, comma).trim(), line.substring(comma + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return List.copyOf(names);
    }
}
