package dev.marketstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Proves trace and span ids are accepted exactly when they are 32 and 16 lower-case hex characters, and the W3C traceparent round-trips. */
class TraceContextTest {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    @Test
    void acceptsExactlyLowerCaseHexOfTheRightLength() {
        String traceId = "0123456789abcdef0123456789abcdef";
        String spanId = "0123456789abcdef";
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {traceId, spanId});
        pairs.add(new String[] {null, spanId});
        pairs.add(new String[] {traceId, null});
        pairs.add(new String[] {traceId + "0", spanId});
        pairs.add(new String[] {traceId, spanId.substring(1)});
        for (char c = 0; c < 0x180; c++) {
            pairs.add(new String[] {traceId.substring(1) + c, spanId});
            pairs.add(new String[] {traceId, c + spanId.substring(1)});
        }
        for (String[] pair : pairs) {
            boolean expected = pair[0] != null && pair[1] != null && TRACE_ID.matcher(pair[0]).matches()
                    && SPAN_ID.matcher(pair[1]).matches();
            assertThat(TraceContext.isValid(pair[0], pair[1])).as("%s / %s", pair[0], pair[1]).isEqualTo(expected);
        }
    }

    @Test
    void refusesUpperCaseSpanIdNamingTheRule() {
        assertThatThrownBy(() -> new TraceContext("0123456789abcdef0123456789abcdef", "0123456789ABCDEF"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("span id must be 16 lower-case hex characters: 0123456789ABCDEF");
    }

    @Test
    void newIdsAreValid() {
        TraceContext trace = TraceContext.newTrace();

        assertThat(TraceContext.isValid(trace.traceId(), trace.spanId())).isTrue();
        assertThat(TraceContext.isValid(trace.traceId(), trace.newSpan().spanId())).isTrue();
    }

    @Test
    void readsTheW3cTraceparentItWrites() {
        TraceContext trace = TraceContext.newTrace();

        assertThat(TraceContext.fromTraceparent(trace.traceparent(true))).isEqualTo(trace);
        assertThat(TraceContext.sampledIn(trace.traceparent(true))).isTrue();
        assertThat(TraceContext.sampledIn(trace.traceparent(false))).isFalse();
    }

    @Test
    void refusesTraceparentsTheW3cSpecificationCallsInvalid() {
        String ids = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7";
        assertThat(TraceContext.fromTraceparent("00-" + ids + "-01")).isNotNull();
        assertThat(TraceContext.fromTraceparent("01-" + ids + "-01-later-fields")).isNotNull();
        assertThat(TraceContext.fromTraceparent("ff-" + ids + "-01")).isNull();
        assertThat(TraceContext.fromTraceparent("00-" + ids + "-01x")).isNull();
        assertThat(TraceContext.fromTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isNull();
        assertThat(TraceContext.fromTraceparent("00_" + ids + "-01")).isNull();
        assertThat(TraceContext.fromTraceparent(null)).isNull();
    }
}
