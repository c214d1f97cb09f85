package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Proves the pre-encoded frames are byte for byte what Netty's server frame encoder writes, at every length boundary. */
class SharedFramesTest {

    @Test
    void encodesTextFramesAsNettysServerEncoderDoes() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 70_000}) {
            byte[] payload = new byte[length];
            Arrays.fill(payload, (byte) 'x');
            ByteBuf ours = SharedFrames.encode(payload, UnpooledByteBufAllocator.DEFAULT);

            assertThat(ByteBufUtil.getBytes(ours)).as("length %d", length).isEqualTo(nettyEncoding(payload));
            ours.release();
        }
    }

    /** On an event-loop-like thread (a Netty {@link FastThreadLocalThread}), as in the gateway. */
    @Test
    void sharesOneEncodingForConsecutiveWritesOfTheSameBytes() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread eventLoop = new FastThreadLocalThread(() -> {
            try {
                writeTheSameBytesTwiceThenOthers();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        eventLoop.start();
        eventLoop.join(10_000);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    private static void writeTheSameBytesTwiceThenOthers() {
        byte[] payload = "{\"event\":\"market_data\"}".getBytes();
        ByteBuf first = SharedFrames.textFrame(payload, UnpooledByteBufAllocator.DEFAULT);
        ByteBuf second = SharedFrames.textFrame(payload, UnpooledByteBufAllocator.DEFAULT);
        ByteBuf other = SharedFrames.textFrame("{}".getBytes(), UnpooledByteBufAllocator.DEFAULT);

        assertThat(second.unwrap()).isSameAs(first.unwrap());
        assertThat(other.unwrap()).isNotSameAs(first.unwrap());
        assertThat(ByteBufUtil.getBytes(first)).isEqualTo(nettyEncoding(payload));
        first.release();
        second.release();
        assertThat(first.unwrap().refCnt()).as("replaced, and every write released").isZero();
        other.release();
    }

    private static byte[] nettyEncoding(byte[] payload) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; part.release()) {
            all.writeBytes(part);
        }
        channel.finishAndReleaseAll();
        return ByteBufUtil.getBytes(all);
    }
}
