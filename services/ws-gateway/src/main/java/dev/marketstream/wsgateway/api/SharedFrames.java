package dev.marketstream.wsgateway.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The whole WebSocket frame (header and payload) of the text frame an event loop writes to many connections in a
 * row, encoded once per event loop: a market frame goes to every subscriber on the lane one after the other, so each
 * write after the first is a reference to the same bytes instead of a frame object, an encoder pass and a copy (see
 * DESIGN.md "Writes"). One entry per event-loop thread; a frame with other bytes replaces it. Server frames are not
 * masked (RFC 6455 5.1).
 */
final class SharedFrames {

    private static final FastThreadLocal<SharedFrames> PER_EVENT_LOOP = new FastThreadLocal<>() {
        @Override
        protected SharedFrames initialValue() {
            return new SharedFrames();
        }
    };

    private byte[] payload;
    private ByteBuf encoded;

    /** A reference (to be released by the write) to the encoded frame of these UTF-8 bytes, for this thread. */
    static ByteBuf textFrame(byte[] utf8, ByteBufAllocator allocator) {
        return PER_EVENT_LOOP.get().encodedOnce(utf8, allocator).retainedDuplicate();
    }

    private ByteBuf encodedOnce(byte[] utf8, ByteBufAllocator allocator) {
        if (utf8 != payload) {
            if (encoded != null) {
                encoded.release(); // writes still in flight hold their own references
            }
            encoded = encode(utf8, allocator);
            payload = utf8;
        }
        return encoded;
    }

    static ByteBuf encode(byte[] utf8, ByteBufAllocator allocator) {
        int length = utf8.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = allocator.directBuffer(header + length);
        frame.writeByte(0x81); // FIN, text
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame.writeBytes(utf8);
    }
}
