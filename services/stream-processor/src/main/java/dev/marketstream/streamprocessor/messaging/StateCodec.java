package dev.marketstream.streamprocessor.messaging;

import dev.marketstream.events.binary.MarketRecord;
import dev.marketstream.events.binary.MarketWriter;
import dev.marketstream.events.sbe.BookStateDecoder;
import dev.marketstream.events.sbe.BookStateEncoder;
import dev.marketstream.events.sbe.SymbolStateDecoder;
import dev.marketstream.events.sbe.SymbolStateEncoder;
import dev.marketstream.streamprocessor.domain.BookStream;
import dev.marketstream.streamprocessor.domain.SymbolState;
import dev.marketstream.streamprocessor.domain.Window;

/**
 * The processor's state as the binary {@code SymbolState} and {@code BookState} records of the event model, the
 * values of its state stores and changelogs. One instance per stream task (it reuses its writer and reader).
 */
final class StateCodec {

    private final MarketWriter writer = new MarketWriter();
    private final MarketRecord reader = new MarketRecord();

    byte[] encode(SymbolState state) {
        SymbolStateEncoder encoder = writer.symbolState().sessionDay(state.sessionDay()).cumulativeVolume(state.cumulativeVolume());
        SymbolStateEncoder.WindowsEncoder windows = encoder.windowsCount(state.windows().size());
        for (Window window : state.windows()) {
            windows.next().intervalSeconds(window.intervalSeconds()).windowStart(window.start()).openTime(window.openTime())
                    .closeTime(window.closeTime()).open(window.open()).high(window.high()).low(window.low()).close(window.close())
                    .volume(window.volume()).notional(window.notional()).tradeCount(window.trades());
        }
        return writer.toBytes();
    }

    SymbolState decodeSymbol(byte[] bytes) {
        reader.wrap(bytes);
        SymbolStateDecoder decoder = reader.symbolState();
        SymbolState state = new SymbolState();
        state.restoreSession(decoder.sessionDay(), decoder.cumulativeVolume());
        for (SymbolStateDecoder.WindowsDecoder stored : decoder.windows()) {
            state.window(stored.intervalSeconds(), stored.windowStart()).restore(stored.openTime(), stored.closeTime(), stored.open(),
                    stored.high(), stored.low(), stored.close(), stored.volume(), stored.notional(), stored.tradeCount());
        }
        return state;
    }

    byte[] encode(BookStream stream) {
        BookStateEncoder encoder = writer.bookState().inputSeq(stream.book().seq()).outputSeq(stream.outputSeq())
                .updatesSinceSnapshot(stream.updatesSinceSnapshot()).lastSnapshotTime(stream.lastSnapshotTime())
                .synced((short) (stream.book().synced() ? 1 : 0));
        stream.book().writeLevels(encoder);
        return writer.toBytes();
    }

    BookStream decodeBook(byte[] bytes) {
        reader.wrap(bytes);
        BookStateDecoder decoder = reader.bookState();
        BookStream stream = new BookStream();
        stream.restore(decoder.outputSeq(), decoder.updatesSinceSnapshot(), decoder.lastSnapshotTime());
        long inputSeq = decoder.inputSeq();
        boolean synced = decoder.synced() == 1;
        stream.book().readLevels(decoder);
        stream.book().restore(inputSeq, synced);
        return stream;
    }
}
