package dev.marketstream.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in OpenTelemetry collector for tests: accepts OTLP/HTTP protobuf exports on an ephemeral local port and
 * keeps their bodies, so a test can ask whether a service exported a span of a trace without a protobuf model (each
 * export holds one service's resource, its {@code service.name} as text, and each span's trace id as 16 raw bytes).
 */
public final class OtlpCollector implements AutoCloseable {

    private static final int MAX_EXPORTS = 10_000;

    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    private OtlpCollector(HttpServer server) {
        this.server = server;
    }

    public static OtlpCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpCollector collector = new OtlpCollector(server);
            server.createContext("/", collector::accept);
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test OTLP collector", e);
        }
    }

    /** The endpoint for {@code quarkus.otel.exporter.otlp.traces.endpoint} (with protocol {@code http/protobuf}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Whether an export from {@code serviceName} holds a span of the trace {@code traceId} (32 hex characters). */
    public boolean exported(String serviceName, String traceId) {
        byte[] service = serviceName.getBytes(StandardCharsets.UTF_8);
        byte[] trace = HexFormat.of().parseHex(traceId);
        return exports.stream().anyMatch(body -> contains(body, service) && contains(body, trace));
    }

    private void accept(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = gzip.readAllBytes();
                }
            }
            if (exports.size() < MAX_EXPORTS) {
                exports.add(body);
            }
            // An empty ExportTraceServiceResponse: full success.
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
