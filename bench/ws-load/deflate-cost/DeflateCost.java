import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What permessage-deflate costs per delivered message, on one thread, with the zlib the JVM loads: price frames like
 * the gateway's (~250 bytes of JSON, 500 symbols, each connection on 5 of them as in the standard scenario) compressed
 * the two ways a server can, each ending in a sync flush with its 4-byte tail cut (RFC 7692):
 * <ul>
 * <li>{@code context}: one deflater per connection, keeping its window (context takeover, what browsers and Node's
 * {@code ws} negotiate), frames going to connections picked at random, so each deflater is cold as on a busy gateway;</li>
 * <li>{@code independent}: each frame compressed on its own (a reset deflater), which is what compressing a frame once
 * for all its subscribers would need.</li>
 * </ul>
 * Prints µs per message (median of rounds 2-5) and bandwidth saved. Checks first that an inflater decodes what
 * each mode wrote. Bounded: 5 rounds of 200,000 frames.
 *
 * <pre>java bench/ws-load/deflate-cost/DeflateCost.java [connections=10000] [level=1]
 * LD_PRELOAD=/path/to/zlib-ng/libz.so.1 java bench/ws-load/deflate-cost/DeflateCost.java   # another zlib</pre>
 */
public class DeflateCost {

    private static final int ROUNDS = 5;
    private static final int FRAMES_PER_ROUND = 200_000;

    public static void main(String[] args) throws DataFormatException {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int level = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        byte[][][] frames = priceFrames(new Random(1));
        checkDecodes(frames[0], level, true);
        checkDecodes(frames[0], level, false);

        Deflater[] perConnection = new Deflater[connections];
        for (int i = 0; i < connections; i++) {
            perConnection[i] = new Deflater(level, true);
        }
        Deflater shared = new Deflater(level, true);
        System.out.printf(Locale.ROOT, "connections=%d level=%d frame_bytes=%.0f%n", connections, level, averageLength(frames));
        report("context", frames, connections, (connection, frame, out) -> compress(perConnection[connection], frame, out));
        report("independent", frames, connections, (connection, frame, out) -> {
            shared.reset();
            return compress(shared, frame, out);
        });
    }

    private interface Mode {
        int compress(int connection, byte[] frame, byte[] out);
    }

    private static void report(String name, byte[][][] framesBySymbol, int connections, Mode mode) {
        byte[] out = new byte[4096];
        double[] micros = new double[ROUNDS];
        long raw = 0;
        long wire = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < FRAMES_PER_ROUND; i++) {
                int connection = pick(round, i, connections);
                byte[][] frames = framesBySymbol[(connection * 5 + i % 5) % framesBySymbol.length];
                byte[] frame = frames[i / 5 % frames.length];
                int compressed = mode.compress(connection, frame, out);
                if (round > 0) {
                    raw += frame.length;
                    wire += compressed;
                }
            }
            micros[round] = (System.nanoTime() - start) / 1_000.0 / FRAMES_PER_ROUND;
        }
        double[] measured = Arrays.copyOfRange(micros, 1, ROUNDS);
        Arrays.sort(measured);
        System.out.printf(Locale.ROOT, "%-12s %6.2f us/msg  saved %4.1f %%  (rounds: %s)%n", name,
                (measured[1] + measured[2]) / 2, 100 - 100.0 * wire / raw, Arrays.toString(micros));
    }

    /** Connection that frame {@code index} of {@code round} goes to: random, the same sequence for every run. */
    private static int pick(int round, int index, int connections) {
        long x = (round * 1_000_003L + index) * 0x9E3779B97F4A7C15L;
        return (int) ((x >>> 33) % connections);
    }

    /** One permessage-deflate message: the deflated frame up to its sync flush, without the 00 00 FF FF tail. */
    private static int compress(Deflater deflater, byte[] frame, byte[] out) {
        deflater.setInput(frame);
        int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        if (!deflater.needsInput()) {
            throw new IllegalStateException("output buffer too small");
        }
        return length - 4;
    }

    /** Deflates 500 frames of one symbol in order and inflates them with one inflater, as a client does; compares each. */
    private static void checkDecodes(byte[][] frames, int level, boolean context) throws DataFormatException {
        Deflater deflater = new Deflater(level, true);
        Inflater inflater = new Inflater(true);
        byte[] out = new byte[4096];
        byte[] plain = new byte[4096];
        for (int i = 0; i < 500; i++) {
            byte[] frame = frames[i % frames.length];
            if (!context) {
                deflater.reset();
            }
            int length = compress(deflater, frame, out);
            inflater.setInput(withTail(out, length));
            int inflated = inflater.inflate(plain);
            if (!Arrays.equals(frame, Arrays.copyOf(plain, inflated))) {
                throw new IllegalStateException((context ? "context" : "independent") + " frame " + i + " does not decode");
            }
        }
    }

    private static byte[] withTail(byte[] deflated, int length) {
        byte[] message = Arrays.copyOf(deflated, length + 4);
        message[length + 2] = (byte) 0xFF;
        message[length + 3] = (byte) 0xFF;
        return message;
    }

    /** 20 successive frames per symbol, shaped like the gateway's market_data price frames for the load bench's symbols. */
    private static byte[][][] priceFrames(Random random) {
        byte[][][] frames = new byte[500][20][];
        for (int symbol = 0; symbol < frames.length; symbol++) {
            double price = 10 + random.nextDouble() * 490;
            for (int i = 0; i < frames[symbol].length; i++) {
                price *= 1 + random.nextGaussian() * 0.0005;
            String json = String.format(Locale.ROOT, "{\"event\":\"market_data\",\"stream\":\"WSLOAD%d:price\",\"seq\":%d,"
                    + "\"data\":{\"symbol\":\"WSLOAD%d\",\"price\":%.4f,\"volume\":%d,\"timestamp\":\"2026-12-06T17:%02d:%02d.%06dZ\","
                    + "\"change\":%.4f,\"change_percent\":%.4f,\"previous_close\":123.5801,\"sector\":\"Technology\"}}",
                    symbol, i + 1, symbol, price, 100 + random.nextInt(5000), symbol % 60, i % 60,
                    random.nextInt(1_000_000), price - 123.5801, random.nextDouble() * 6 - 3);
                frames[symbol][i] = json.getBytes(StandardCharsets.UTF_8);
            }
        }
        return frames;
    }

    private static double averageLength(byte[][][] frames) {
        return Arrays.stream(frames).flatMap(Arrays::stream).mapToInt(f -> f.length).average().orElse(0);
    }
}
