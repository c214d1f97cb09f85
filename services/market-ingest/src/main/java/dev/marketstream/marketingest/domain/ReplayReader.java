package dev.marketstream.marketingest.domain;

import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.market.MarketTick;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads a recording of ticks one line at a time: NDJSON (a bare tick object per line) or CSV with the
 * header {@code symbol,price,volume,timestamp[,exchange]}. A bad line becomes a rejected item naming
 * the line and field; reading goes on. Blank lines are skipped.
 */
public final class ReplayReader implements Closeable {

    /** One line of the recording: a tick, or the reason it is not one. */
    public record Line(int number, MarketTick tick, ParsedBatch.Rejected rejected) {
    }

    private final BufferedReader reader;
    private final BatchParser parser;
    private final boolean csv;
    private int lineNumber;

    public ReplayReader(Path file, BatchParser parser) {
        this.parser = parser;
        this.csv = file.getFileName().toString().toLowerCase().endsWith(".csv");
        try {
            this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            if (csv) {
                String header = reader.readLine();
                lineNumber++;
                if (header == null || !header.trim().toLowerCase().startsWith("symbol,price,volume,timestamp")) {
                    throw new IllegalArgumentException(file + ": a CSV recording starts with the header "
                            + "symbol,price,volume,timestamp[,exchange]");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The next non-blank line, or null at the end of the file. */
    public Line next() {
        try {
            String text;
            do {
                text = reader.readLine();
                lineNumber++;
                if (text == null) {
                    return null;
                }
            } while (text.isBlank());
            try {
                return new Line(lineNumber, csv ? csvTick(text) : ndjsonTick(text), null);
            } catch (EventValidationException e) {
                EventValidationException located = e.under("line " + lineNumber);
                return new Line(lineNumber, null, new ParsedBatch.Rejected(text.getBytes(StandardCharsets.UTF_8),
                        ItemError.of(lineNumber, located), located));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read line " + (lineNumber + 1), e);
        }
    }

    private MarketTick ndjsonTick(String text) {
        ParsedBatch batch = parser.parse(text);
        if (!batch.rejected().isEmpty()) {
            throw (EventValidationException) batch.rejected().get(0).cause();
        }
        if (batch.valid().size() != 1) {
            throw EventValidationException.invalid("$", "a line holds exactly one tick object");
        }
        return batch.valid().get(0);
    }

    private MarketTick csvTick(String text) {
        String[] cells = text.split(",", -1);
        if (cells.length < 4 || cells.length > 5) {
            throw EventValidationException.invalid("$", "expected 4 or 5 comma-separated cells but found " + cells.length);
        }
        return parser.checked(new MarketTick(cells[0].trim(), decimal(cells[1], "price"), decimal(cells[2], "volume"),
                instant(cells[3]), cells.length == 5 && !cells[4].isBlank() ? cells[4].trim() : null, null, null));
    }

    private static BigDecimal decimal(String cell, String field) {
        try {
            return new BigDecimal(cell.trim());
        } catch (NumberFormatException e) {
            throw EventValidationException.invalid(field, "'" + cell.trim() + "' is not a decimal number");
        }
    }

    private static Instant instant(String cell) {
        try {
            return Instant.parse(cell.trim());
        } catch (DateTimeParseException e) {
            throw EventValidationException.invalid("timestamp", "'" + cell.trim() + "' is not an ISO-8601 instant");
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
