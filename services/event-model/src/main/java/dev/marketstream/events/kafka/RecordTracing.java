package dev.marketstream.events.kafka;

import dev.marketstream.events.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.header.Header;

/**
 * OpenTelemetry spans for the Kafka records the services read and write with plain clients or Kafka Streams
 * (SmallRye Reactive Messaging channels are traced by Quarkus itself). The context travels in the W3C
 * {@code traceparent} header written by {@link TraceHeaders}. Market data is traced per batch, never per tick: a
 * record without a sampled {@code traceparent} costs one header lookup and gets no span.
 */
public final class RecordTracing {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    private final Tracer tracer;

    public RecordTracing(OpenTelemetry openTelemetry, String instrumentationName) {
        this.tracer = openTelemetry.getTracer(instrumentationName);
    }

    /**
     * A producer span for a batch about to be sent to {@code topic}, child of the current context (the provider's
     * HTTP request, whose {@code traceparent} Quarkus has read) or a new trace, sampled as configured.
     */
    public Span startSend(String topic) {
        return tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, topic).startSpan();
    }

    /**
     * A span for processing a record of {@code topic} that carried {@code traceparent} (a valid value, see
     * {@link TraceHeaders#traceparent(org.apache.kafka.common.header.Headers)}), or null when it is null or not
     * sampled: the writer recorded nothing of that trace, so neither does the reader.
     */
    public Span startProcess(String topic, String traceparent) {
        return startProcess("kafka", topic, traceparent);
    }

    /**
     * The same for a message of another messaging system ({@code redis} for the user-event deliveries, whose
     * {@code traceparent} travels in the stream entry and the Pub/Sub message); {@code destination} names the stream
     * or channel family, never one user's channel, so span names stay few.
     */
    public Span startProcess(String system, String destination, String traceparent) {
        if (traceparent == null || !TraceContext.sampledIn(traceparent)) {
            return null;
        }
        TraceContext parent = TraceContext.fromTraceparent(traceparent);
        SpanContext remote = SpanContext.createFromRemoteParent(parent.traceId(), parent.spanId(), TraceFlags.getSampled(),
                TraceState.getDefault());
        return tracer.spanBuilder(destination + " process").setSpanKind(SpanKind.CONSUMER)
                .setParent(Context.root().with(Span.wrap(remote)))
                .setAttribute(SYSTEM, system).setAttribute(DESTINATION, destination).startSpan();
    }

    /** The span's ids, for an envelope or the {@code trace-id}/{@code span-id} headers; null for an invalid span. */
    public static TraceContext ids(Span span) {
        SpanContext context = span.getSpanContext();
        return context.isValid() ? new TraceContext(context.getTraceId(), context.getSpanId()) : null;
    }

    /**
     * The {@code traceparent} value that makes {@code span} the parent of the next step (a Redis stream entry or
     * Pub/Sub message), or null when the span is not sampled: untraced events carry nothing.
     */
    public static String traceparentValue(Span span) {
        SpanContext context = span.getSpanContext();
        return context.isSampled() ? ids(span).traceparent(true) : null;
    }

    /**
     * The {@code traceparent} header that makes {@code span} the parent of the records' readers, or null when the span
     * is not sampled: unsampled market records carry no header at all (their envelope keeps the ids).
     */
    public static Header traceparent(Span span) {
        SpanContext context = span.getSpanContext();
        return context.isSampled() ? TraceHeaders.traceparent(ids(span), true) : null;
    }
}
