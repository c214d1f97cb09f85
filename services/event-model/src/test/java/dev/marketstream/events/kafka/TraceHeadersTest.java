package dev.marketstream.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.events.TraceContext;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Checks trace ids travel as {@code trace-id}/{@code span-id} headers and a new step keeps the trace. */
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
}
