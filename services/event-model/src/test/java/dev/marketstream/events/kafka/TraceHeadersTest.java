package dev.marketstream.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.TraceContext;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Checks trace ids travel as {@code trace-id}/{@code span-id} and W3C {@code traceparent} headers that agree, and a new step keeps the trace. */
class TraceHeadersTest {

    @Test
    void writesAndReadsTraceContext() {
        RecordHeaders headers = new RecordHeaders();
        TraceContext trace = TraceContext.newTrace();

        TraceHeaders.write(headers, trace);

        assertThat(new String(headers.lastHeader("trace-id").value(), StandardCharsets.US_ASCII)).isEqualTo(trace.traceId());
        assertThat(TraceHeaders.read(headers)).contains(trace);
    }

    @Test
    void continuesTheTraceWithANewSpan() {
        RecordHeaders headers = new RecordHeaders();
        TraceContext trace = TraceContext.newTrace();
        TraceHeaders.write(headers, trace);

        TraceContext next = TraceHeaders.continueFrom(headers);

        assertThat(next.traceId()).isEqualTo(trace.traceId());
        assertThat(next.spanId()).isNotEqualTo(trace.spanId());
    }

    @Test
    void ignoresMalformedHeadersAndStartsANewTrace() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "not-hex".getBytes(StandardCharsets.US_ASCII));
        headers.add("span-id", "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

        assertThat(TraceHeaders.read(headers)).isEmpty();
        assertThat(TraceHeaders.continueFrom(headers).traceId()).hasSize(32);
    }

    @Test
    void writesAW3cTraceparentThatAgreesWithTheIds() {
        RecordHeaders headers = new RecordHeaders();
        TraceContext trace = TraceContext.newTrace();

        TraceHeaders.write(headers, trace, true);

        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.US_ASCII))
                .isEqualTo("00-" + trace.traceId() + "-" + trace.spanId() + "-01");
        assertThat(TraceHeaders.traceparent(headers)).endsWith("-01");
    }

    @Test
    void prefersTheTraceparentOverTheProductIds() {
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.write(headers, TraceContext.newTrace());
        headers.remove("traceparent");
        headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.US_ASCII));

        assertThat(TraceHeaders.read(headers)).contains(new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
    }

    @Test
    void ignoresAMalformedTraceparent() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7".getBytes(StandardCharsets.US_ASCII));

        assertThat(TraceHeaders.traceparent(headers)).isNull();
        assertThat(TraceHeaders.read(headers)).isEmpty();
    }

    @Test
    void addsOneSharedTraceparentHeaderWithoutTheProductIds() {
        RecordHeaders headers = new RecordHeaders();
        TraceContext trace = TraceContext.newTrace();

        headers.add(TraceHeaders.traceparent(trace, false));

        assertThat(headers.lastHeader("trace-id")).isNull();
        assertThat(TraceHeaders.traceparent(headers)).isEqualTo(trace.traceparent(false));
    }
}
