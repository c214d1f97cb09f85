package dev.marketstream.processor.messaging;

import dev.marketstream.processor.domain.OhlcvAccumulator;
import dev.marketstream.processor.domain.SessionVolume;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact binary serdes for the topology's own state (window accumulators, session totals), which
 * the stores read and write on every tick; events themselves stay JSON. Decimals are written exactly
 * (scale and unscaled value), a missing one as scale {@link Integer#MIN_VALUE}.
 */
final class StateSerde {

    /** Layout version, first byte of every record; a build refuses state written in another layout. */
    private static final byte VERSION = 1;

    private StateSerde() {
    }

    interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static Serde<OhlcvAccumulator> accumulator() {
        return of((out, a) -> {
            out.writeLong(a.firstMillis());
            decimal(out, a.open());
            out.writeLong(a.lastMillis());
            decimal(out, a.close());
            decimal(out, a.high());
            decimal(out, a.low());
            decimal(out, a.volume());
            decimal(out, a.notional());
            out.writeLong(a.trades());
        }, in -> new OhlcvAccumulator(in.readLong(), decimal(in), in.readLong(), decimal(in), decimal(in), decimal(in),
                decimal(in), decimal(in), in.readLong()));
    }

    static Serde<SessionVolume> sessionVolume() {
        return of((out, v) -> {
            out.writeLong(v.epochDay());
            decimal(out, v.cumulative());
        }, in -> new SessionVolume(in.readLong(), decimal(in)));
    }

    private static <T> Serde<T> of(Writer<T> writer, Reader<T> reader) {
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                writer.write(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new IllegalStateException("state written in layout " + version + ", this build reads " + VERSION);
                }
                return reader.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt state record", e);
            }
        });
    }

    private static void decimal(DataOutputStream out, BigDecimal value) throws IOException {
        if (value == null) {
            out.writeInt(Integer.MIN_VALUE);
            return;
        }
        out.writeInt(value.scale());
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal decimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        if (scale == Integer.MIN_VALUE) {
            return null;
        }
        byte[] unscaled = new byte[in.readUnsignedShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
