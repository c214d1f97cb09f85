package dev.marketstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Proves trace and span ids are accepted exactly when they are 32 and 16 lower-case hex characters. */
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
}
