package dev.marketstream.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Proves records get a traceparent header only from sampled spans, and unsampled or untraced records get no span. */
class RecordTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    private RecordTracing tracing(Sampler sampler) {
        return new RecordTracing(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setSampler(sampler).addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build(), "test");
    }

    @Test
    void aSampledSendSpanGivesTheRecordsItsTraceparent() {
        Span span = tracing(Sampler.alwaysOn()).startSend(Topics.MARKET_DATA_RAW);

        Header header = RecordTracing.traceparent(span);

        TraceContext ids = RecordTracing.ids(span);
        assertThat(new String(header.value(), StandardCharsets.US_ASCII)).isEqualTo(ids.traceparent(true));
        span.end();
        assertThat(spans.getFinishedSpanItems()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("market-data-raw publish"));
    }

    @Test
    void anUnsampledSendSpanHasIdsForTheEnvelopeButNoHeader() {
        Span span = tracing(Sampler.traceIdRatioBased(0)).startSend(Topics.MARKET_DATA_RAW);

        assertThat(RecordTracing.ids(span)).isNotNull();
        assertThat(RecordTracing.traceparent(span)).isNull();
        assertThat(span.isRecording()).isFalse();
    }

    @Test
    void withTracingOffASendSpanHasNoIds() {
        Span span = new RecordTracing(OpenTelemetry.noop(), "test").startSend(Topics.MARKET_DATA_RAW);

        assertThat(RecordTracing.ids(span)).isNull();
        assertThat(RecordTracing.traceparent(span)).isNull();
    }

    @Test
    void processingContinuesOnlyASampledTraceparent() {
        RecordTracing tracing = tracing(Sampler.parentBased(Sampler.alwaysOff()));
        TraceContext writer = TraceContext.newTrace();

        assertThat(tracing.startProcess(Topics.MARKET_PRICES, null)).isNull();
        assertThat(tracing.startProcess(Topics.MARKET_PRICES, writer.traceparent(false))).isNull();
        Span span = tracing.startProcess(Topics.MARKET_PRICES, writer.traceparent(true));

        assertThat(span.getSpanContext().getTraceId()).isEqualTo(writer.traceId());
        assertThat(span.isRecording()).as("a sampled parent is followed even when new traces are never sampled").isTrue();
    }

    @Test
    void aRedisMessageContinuesTheTraceAndPassesItsOwnSpanOn() {
        RecordTracing tracing = tracing(Sampler.parentBased(Sampler.alwaysOff()));
        TraceContext writer = TraceContext.newTrace();

        Span span = tracing.startProcess("redis", "ms:deliver", writer.traceparent(true));
        String next = RecordTracing.traceparentValue(span);
        span.end();

        assertThat(TraceContext.fromTraceparent(next)).isEqualTo(RecordTracing.ids(span));
        assertThat(next).startsWith("00-" + writer.traceId()).endsWith("-01");
        assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("ms:deliver process");
            assertThat(s.getParentSpanId()).isEqualTo(writer.spanId());
        });
        assertThat(RecordTracing.traceparentValue(tracing(Sampler.traceIdRatioBased(0)).startSend("user-events")))
                .as("an unsampled span passes nothing on").isNull();
    }
}
