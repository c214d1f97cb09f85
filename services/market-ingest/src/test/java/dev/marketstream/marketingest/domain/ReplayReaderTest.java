package dev.marketstream.marketingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves recordings in CSV and NDJSON are read line by line, bad lines becoming errors that name line and field. */
class ReplayReaderTest {

    @TempDir
    Path dir;

    private final BatchParser parser = new BatchParser(1 << 20, 100, Duration.ofSeconds(60), Clock.systemUTC());

    @Test
    void readsCsvWithHeaderAndOptionalExchange() throws IOException {
        Path file = write("ticks.csv", """
                symbol,price,volume,timestamp,exchange
                AAPL,189.50,100,2026-11-26T12:00:00Z,XNAS

                MSFT,410.1,5,2026-11-26T12:00:00.250Z,
                """);

        List<ReplayReader.Line> lines = readAll(file);

        assertThat(lines).extracting(l -> l.tick().symbol()).containsExactly("AAPL", "MSFT");
        assertThat(lines.get(0).tick().exchange()).isEqualTo("XNAS");
        assertThat(lines.get(1).tick().timestamp()).isEqualTo(Instant.parse("2026-11-26T12:00:00.250Z"));
    }

    @Test
    void turnsBadCsvLineIntoErrorNamingLineAndField() throws IOException {
        Path file = write("ticks.csv", """
                symbol,price,volume,timestamp
                AAPL,abc,100,2026-11-26T12:00:00Z
                MSFT,410.1,5,2026-11-26T12:00:01Z
                """);

        List<ReplayReader.Line> lines = readAll(file);

        assertThat(lines.get(0).rejected().error().field()).isEqualTo("line 2.price");
        assertThat(lines.get(1).tick().symbol()).isEqualTo("MSFT");
    }

    @Test
    void turnsCsvValueWithMoreThanEightDecimalsIntoErrorNamingLineAndField() throws IOException {
        Path file = write("ticks.csv", """
                symbol,price,volume,timestamp
                AAPL,189.50,100,2026-11-26T12:00:00Z
                AAPL,189.50,0.123456789,2026-11-26T12:00:01Z
                """);

        List<ReplayReader.Line> lines = readAll(file);

        assertThat(lines.get(0).tick().symbol()).isEqualTo("AAPL");
        assertThat(lines.get(1).rejected().error().field()).isEqualTo("line 3.volume");
    }

    @Test
    void readsNdjsonTicksWithBooks() throws IOException {
        Path file = write("ticks.ndjson", """
                {"symbol":"AAPL","price":189.5,"volume":10,"timestamp":"2026-11-26T12:00:00Z","bids":[{"price":189.4,"size":5}]}
                {"symbol":"AAPL","price":0,"volume":10,"timestamp":"2026-11-26T12:00:01Z"}
                """);

        List<ReplayReader.Line> lines = readAll(file);

        assertThat(lines.get(0).tick().hasBook()).isTrue();
        assertThat(lines.get(1).rejected().error().field()).isEqualTo("line 2.price");
    }

    private List<ReplayReader.Line> readAll(Path file) {
        List<ReplayReader.Line> lines = new ArrayList<>();
        try (ReplayReader reader = new ReplayReader(file, parser)) {
            for (ReplayReader.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
