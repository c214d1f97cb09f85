package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the sink's backpressure on a real Netty pipeline: frames are written without a flush until the channel's
 * unwritten bytes pass the high-water mark, the outbox is called back once the channel took them (after the flush, not
 * inside it), and Vert.x's handler still sees every writability change.
 */
class ConnectionSinkTest {

    static final int HIGH_WATER_MARK = 1_024;
    static final byte[] FRAME = new byte[200];

    /** Stands in for Vert.x's handler, the context through which the sink writes. */
    static final class VertxHandler extends ChannelInboundHandlerAdapter {
        final List<Boolean> writability = new ArrayList<>();

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext context) {
            writability.add(context.channel().isWritable());
        }
    }

    @Test
    void writesUntilTheHighWaterMarkAndCallsTheOutboxBackOnceTheChannelTookTheFrames() {
        VertxHandler vertx = new VertxHandler();
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.pipeline().addLast("vertx", vertx);
        ConnectionSink sink = new ConnectionSink(null, channel.pipeline().context("vertx"), HIGH_WATER_MARK);
        List<Integer> drainsSawFramesOut = new ArrayList<>();
        sink.onWritable(() -> drainsSawFramesOut.add(channel.outboundMessages().size()));

        int written = 0;
        while (sink.writable() && written < 100) {
            sink.write(FRAME);
            written++;
        }
        assertThat(written).as("frames of ~200 bytes (and Netty's ~100 per entry) before 1,024 unwritten bytes").isBetween(3, 6);
        assertThat(channel.outboundMessages()).as("nothing leaves before the flush").isEmpty();
        assertThat(vertx.writability).containsExactly(false);

        sink.flush();
        assertThat(channel.outboundMessages()).hasSize(written);
        assertThat(sink.writable()).isTrue();
        // the channel turns writable in the middle of the flush, once half of the bytes left: the drain runs after it
        assertThat(drainsSawFramesOut).as("one drain, once every flushed frame was out").containsExactly(written);
        assertThat(vertx.writability).containsExactly(false, true);

        ByteBuf first = channel.readOutbound();
        assertThat(first.getByte(0)).as("a final text frame").isEqualTo((byte) 0x81);
        assertThat(first.readableBytes()).isEqualTo(2 + 2 + FRAME.length);
        first.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void waitsForTheHttpEncoderToLeaveBeforeWritingPreEncodedFrames() {
        // as on an asynchronous transport (io_uring): the 101 response is not written yet, so Netty's handshaker has
        // not removed the HTTP encoder, which sits between Vert.x's handler and the WebSocket encoder
        VertxHandler vertx = new VertxHandler();
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.pipeline().addLast("http-encoder", new HttpResponseEncoder());
        channel.pipeline().addLast("vertx", vertx);
        ConnectionSink sink = new ConnectionSink(null, channel.pipeline().context("vertx"), HIGH_WATER_MARK);

        sink.write(FRAME);
        sink.flush();
        channel.pipeline().remove("http-encoder");
        sink.write(FRAME);
        sink.flush();

        assertThat(channel.outboundMessages()).as("both frames written, none refused by the HTTP encoder").hasSize(2);
        for (int i = 0; i < 2; i++) {
            ByteBuf frame = channel.readOutbound();
            assertThat(frame.getByte(0)).isEqualTo((byte) 0x81);
            assertThat(frame.readableBytes()).isEqualTo(2 + 2 + FRAME.length);
            frame.release();
        }
        channel.finishAndReleaseAll();
    }
}
