package dev.marketstream.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anInvalidFieldIsNamedInTheDocument() throws Exception {
        JsonNode body = json.valueToTree(Problem.invalid("limit", "must be between 1 and 500"));

        assertThat(body.get("type").asText()).isEqualTo("https://marketstream.dev/problems/invalid-request");
        assertThat(body.get("title").asText()).isEqualTo("Invalid request");
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("detail").asText()).isEqualTo("limit: must be between 1 and 500");
        assertThat(body.get("field").asText()).isEqualTo("limit");
    }

    @Test
    void extensionMembersSitBesideTheStandardOnes() {
        JsonNode body = json.valueToTree(Problem.of(ProblemType.INVALID_REQUEST, "2 item(s) refused")
                .titled("Invalid ticks").with("accepted", 3).with("rejected", 2).with("errors", List.of("a", "b")));

        assertThat(body.get("title").asText()).isEqualTo("Invalid ticks");
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        assertThat(body.get("rejected").asInt()).isEqualTo(2);
        assertThat(body.get("errors")).hasSize(2);
        assertThat(body.has("members")).isFalse();
        assertThat(body.has("field")).isFalse();
    }

    @Test
    void frameworkStatusesKeepTheirStatus() {
        assertThat(Problem.ofHttpStatus(404, "Not Found", "no such path"))
                .extracting(Problem::type, Problem::status).containsExactly("https://marketstream.dev/problems/not-found", 404);
        assertThat(Problem.ofHttpStatus(405, "Method Not Allowed", "use GET"))
                .extracting(Problem::type, Problem::title, Problem::status).containsExactly("about:blank", "Method Not Allowed", 405);
    }
}
