package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.binary.BarIds;
import dev.marketstream.events.binary.Decimals;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketType;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.binary.OrderBook;
import dev.marketstream.events.binary.TraceIds;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.kafka.DeadLetterHeaders;
import dev.marketstream.events.kafka.RecordTracing;
import dev.marketstream.events.kafka.Topics;
import dev.marketstream.events.kafka.TraceHeaders;
import dev.marketstream.events.market.PriceChange;
import dev.marketstream.events.sbe.BookKind;
import dev.marketstream.events.sbe.BookUpdateDecoder;
import dev.marketstream.events.sbe.BookUpdateEncoder;
import dev.marketstream.events.sbe.OhlcvBarEncoder;
import dev.marketstream.events.sbe.PriceUpdateEncoder;
import dev.marketstream.events.sbe.ReferenceDataDecoder;
import dev.marketstream.events.sbe.TradeDecoder;
import dev.marketstream.streamprocessor.domain.BookStream;
import dev.marketstream.streamprocessor.domain.ProcessorStats;
import dev.marketstream.streamprocessor.domain.SymbolState;
import dev.marketstream.streamprocessor.domain.Window;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The market-data path of one stream task, in one processor (see DESIGN.md): each {@code market-data-raw} record is
 * decoded once, checked, and turned into its outputs. A trade gives a price update (with the change against the
 * reference data's previous close), a volume update (session total) and, once stream time has passed a window's
 * end plus grace, the closed 1 s and 1 min bars. A book update is applied to the symbol's book and published as a
 * delta, or as a full snapshot when the feed sent one or one is due. Anything that fails a check goes to the DLQ
 * with its reason, in the same transaction.
 *
 * <p>State lives in two changelogged stores (symbol state, books); the processor also keeps their decoded form per
 * symbol, written through on every change and rebuilt from the stores in {@link #init}, so a record decodes nothing
 * from the stores.
 */
final class MarketProcessor implements Processor<String, byte[], String, byte[]> {

    static final String PRICES = "prices";
    static final String VOLUME = "volume";
    static final String BOOKS = "orderbook";
    static final String BARS = "bars";
    static final String DEAD_LETTERS = "dlq";

    private static final byte[] SOURCE = TopologyProducer.SOURCE.getBytes(StandardCharsets.UTF_8);
    private static final int[] INTERVALS = {1, 60};

    private final ProcessorSettings settings;
    private final Clock clock;
    private final ProcessorStats stats;
    private final RecordTracing tracing;
    private final MarketRecord in = new MarketRecord();
    private final MarketRecord reference = new MarketRecord();
    private final MarketWriter out = new MarketWriter();
    private final StateCodec codec = new StateCodec();
    private final byte[] sector = new byte[255];
    private final Map<String, SymbolState> symbols = new HashMap<>();
    private final Map<String, BookStream> books = new HashMap<>();
    private final OpenWindows openWindows = new OpenWindows();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> symbolStore;
    private KeyValueStore<String, byte[]> bookStore;
    private KeyValueStore<String, byte[]> referenceStore;
    private long streamTime;

    MarketProcessor(ProcessorSettings settings, Clock clock, ProcessorStats stats, RecordTracing tracing) {
        this.settings = settings;
        this.clock = clock;
        this.stats = stats;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> processorContext) {
        context = processorContext;
        symbolStore = context.getStateStore(TopologyProducer.SYMBOL_STORE);
        bookStore = context.getStateStore(TopologyProducer.BOOK_STORE);
        referenceStore = context.getStateStore(TopologyProducer.REFERENCE_STORE);
        symbols.clear();
        books.clear();
        openWindows.clear();
        // Stream time is the latest exchange time seen; the latest trade's windows are always still open.
        streamTime = Long.MIN_VALUE;
        try (KeyValueIterator<String, byte[]> stored = symbolStore.all()) {
            while (stored.hasNext()) {
                KeyValue<String, byte[]> entry = stored.next();
                SymbolState state = codec.decodeSymbol(entry.value);
                symbols.put(entry.key, state);
                for (Window window : state.windows()) {
                    openWindows.add(closesAt(window.intervalSeconds(), window.start()), entry.key, window.intervalSeconds(), window.start());
                    streamTime = Math.max(streamTime, window.closeTime());
                }
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Span span = tracing.startProcess(Topics.MARKET_DATA_RAW, TraceHeaders.traceparent(record.headers()));
        if (span != null) {
            // Every output of this record shares its headers: they name this span as their parent.
            record.headers().remove(TraceHeaders.TRACEPARENT).add(RecordTracing.traceparent(span));
        }
        try {
            processTraced(record);
        } finally {
            if (span != null) {
                span.end();
            }
        }
    }

    private void processTraced(Record<String, byte[]> record) {
        stats.processed.increment();
        try {
            MarketType type = in.wrap(record.value());
            String symbol = checkedSymbol(record.key(), type);
            switch (type) {
                case TRADE -> trade(record, symbol, in.trade());
                case BOOK_UPDATE -> bookUpdate(record, symbol);
                default -> throw EventValidationException.invalid("eventType", "market-data-raw carries market.trade and "
                        + "market.orderbook records, not " + type.wireName());
            }
        } catch (EventValidationException e) {
            deadLetter(record, e);
        } catch (IndexOutOfBoundsException e) {
            deadLetter(record, new EventValidationException(EventValidationException.Code.MALFORMED_RECORD, "$",
                    "the record ends inside its fields: " + e.getMessage()));
        }
    }

    private String checkedSymbol(String key, MarketType type) {
        if (type != MarketType.TRADE && type != MarketType.BOOK_UPDATE) {
            return key;
        }
        String symbol = Check.marketSymbol(in.symbol(), "symbol");
        if (!symbol.equals(key)) {
            throw EventValidationException.invalid("symbol", "record key '" + key + "' differs from the symbol " + symbol
                    + "; market data is keyed by symbol");
        }
        return symbol;
    }

    private void trade(Record<String, byte[]> record, String symbol, TradeDecoder trade) {
        long price = trade.price();
        long size = trade.size();
        long time = checkedTime(trade.exchangeTime(), "exchangeTime");
        if (price <= 0) {
            throw EventValidationException.invalid("price", "must be greater than 0 but was " + Decimals.toString(price));
        }
        if (size < 0) {
            throw EventValidationException.invalid("size", "must not be negative but was " + Decimals.toString(size));
        }
        streamTime = Math.max(streamTime, time);
        SymbolState state = symbols.computeIfAbsent(symbol, s -> new SymbolState());
        long cumulative = state.addVolume(time, size);
        for (int interval : INTERVALS) {
            long start = Window.startOf(time, interval);
            long closesAt = closesAt(interval, start);
            if (closesAt <= streamTime) {
                stats.lateTrades.increment();
                continue;
            }
            Window window = state.window(interval, start);
            if (window.trades() == 0) {
                openWindows.add(closesAt, symbol, interval, start);
            }
            window.add(time, price, size);
        }
        symbolStore.put(symbol, codec.encode(state));

        PriceUpdateEncoder update = out.priceUpdate();
        Envelopes.copy(trade.envelope(), update.envelope());
        update.price(price).size(size).exchangeTime(time);
        enrich(update, symbol, price);
        stats.priceLatencyMillis.accept(ageMillis(time));
        context.forward(record.withValue(out.toBytes()), PRICES);

        context.forward(record.withValue(volume(trade, size, cumulative, time, symbol)), VOLUME);
        closeWindows(record);
    }

    private byte[] volume(TradeDecoder trade, long size, long cumulative, long time, String symbol) {
        var encoder = out.volumeUpdate();
        Envelopes.copy(trade.envelope(), encoder.envelope());
        encoder.size(size).cumulativeVolume(cumulative).exchangeTime(time).symbol(symbol).putSource(SOURCE, 0, SOURCE.length);
        return out.toBytes();
    }

    /** The change against the previous close of the symbol's reference data; without it the change is 0 and the rest absent. */
    private void enrich(PriceUpdateEncoder update, String symbol, long price) {
        byte[] known = referenceStore.get(symbol);
        ReferenceDataDecoder data = null;
        if (known != null) {
            try {
                data = reference.wrap(known) == MarketType.REFERENCE_DATA ? reference.referenceData() : null;
            } catch (EventValidationException e) {
                data = null; // the loader keeps only valid reference records; an old one is simply no reference
            }
        }
        if (data == null) {
            update.change(0).changePercent(0).previousClose(Decimals.ABSENT).marketCap(Decimals.ABSENT).symbol(symbol).sector("");
        } else {
            long previousClose = data.previousClose();
            update.change(PriceChange.change(price, previousClose)).changePercent(PriceChange.percent(price, previousClose))
                    .previousClose(previousClose).marketCap(data.marketCap()).symbol(symbol);
            data.skipSymbol();
            int length = data.getSector(sector, 0, sector.length);
            update.putSector(sector, 0, length);
        }
        update.putSource(SOURCE, 0, SOURCE.length);
    }

    private void bookUpdate(Record<String, byte[]> record, String symbol) {
        BookUpdateDecoder update = in.bookUpdate().sbeRewind();
        long time = checkedTime(update.exchangeTime(), "exchangeTime");
        int levels = update.levels().count();
        if (levels > 2 * OrderBook.MAX_LEVELS) {
            throw EventValidationException.invalid("levels", "a book update holds at most "
                    + 2 * OrderBook.MAX_LEVELS + " levels but this one has " + levels);
        }
        streamTime = Math.max(streamTime, time);
        BookStream stream = books.computeIfAbsent(symbol, this::storedBook);
        BookStream.Publish publish = stream.apply(update.sbeRewind(), time, settings.bookSnapshotEvery(),
                settings.bookSnapshotInterval().toNanos());
        bookStore.put(symbol, codec.encode(stream));
        if (publish == BookStream.Publish.NOTHING) {
            stats.bookGaps.increment();
            return;
        }
        BookUpdateDecoder source = in.bookUpdate().sbeRewind();
        BookUpdateEncoder book = out.bookUpdate();
        Envelopes.copy(source.envelope(), book.envelope());
        book.bookSeq(stream.outputSeq()).exchangeTime(time);
        if (publish == BookStream.Publish.SNAPSHOT) {
            book.kind(BookKind.SNAPSHOT);
            stream.book().writeLevels(book);
        } else {
            book.kind(BookKind.DELTA);
            BookUpdateDecoder.LevelsDecoder changed = source.levels();
            BookUpdateEncoder.LevelsEncoder copy = book.levelsCount(changed.count());
            for (BookUpdateDecoder.LevelsDecoder level : changed) {
                copy.next().side(level.side()).price(level.price()).size(level.size());
            }
        }
        book.symbol(symbol).putSource(SOURCE, 0, SOURCE.length);
        stats.bookLatencyMillis.accept(ageMillis(time));
        context.forward(record.withValue(out.toBytes()), BOOKS);
        closeWindows(record);
    }

    private BookStream storedBook(String symbol) {
        byte[] stored = bookStore.get(symbol);
        return stored == null ? new BookStream() : codec.decodeBook(stored);
    }

    /** Emits every bar whose window has closed at the current stream time, and drops it from its symbol's state. */
    private void closeWindows(Record<String, byte[]> record) {
        OpenWindows.Entry closed;
        while ((closed = openWindows.pollClosed(streamTime)) != null) {
            SymbolState state = symbols.get(closed.symbol());
            Window window = state == null ? null : state.remove(closed.intervalSeconds(), closed.start());
            if (window == null) {
                continue;
            }
            symbolStore.put(closed.symbol(), codec.encode(state));
            context.forward(new Record<>(closed.symbol(), bar(closed.symbol(), window), record.timestamp(), record.headers()), BARS);
        }
    }

    private byte[] bar(String symbol, Window window) {
        OhlcvBarEncoder bar = out.ohlcvBar().intervalSeconds(window.intervalSeconds()).windowStart(window.start())
                .windowEnd(window.end()).open(window.open()).high(window.high()).low(window.low()).close(window.close())
                .volume(window.volume()).vwap(window.vwap()).tradeCount(window.trades());
        bar.symbol(symbol).putSource(SOURCE, 0, SOURCE.length);
        out.envelope(barId(symbol, window), window.end(), TraceIds.NONE);
        return out.toBytes();
    }

    /** A bar's event id follows from symbol, interval and window, so the same bar always has the same id. */
    static UUID barId(String symbol, Window window) {
        return BarIds.of(symbol, window.intervalSeconds(), window.start());
    }

    private long closesAt(int intervalSeconds, long start) {
        return start + intervalSeconds * 1_000_000_000L + settings.grace(intervalSeconds).toNanos();
    }

    /** Milliseconds from an exchange time (ns since the epoch) to now. */
    private long ageMillis(long exchangeTimeNanos) {
        return clock.millis() - exchangeTimeNanos / 1_000_000L;
    }

    private long checkedTime(long exchangeTime, String field) {
        long latest = (clock.millis() + settings.maxClockSkew().toMillis()) * 1_000_000L;
        if (exchangeTime > latest) {
            throw EventValidationException.invalid(field, Envelopes.instant(exchangeTime) + " is more than "
                    + settings.maxClockSkew().toSeconds() + " s in the future");
        }
        return exchangeTime;
    }

    private void deadLetter(Record<String, byte[]> record, EventValidationException problem) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        DeadLetterHeaders.write(record.headers(), origin.topic(), origin.partition(), origin.offset(), problem);
        stats.deadLetters.increment();
        context.forward(record, DEAD_LETTERS);
    }
}
