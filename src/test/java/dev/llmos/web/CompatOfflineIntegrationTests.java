package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The compatibility endpoints in local mode with no model configured: a call without any token is
 * LLMOS_LOCAL_USER's, answered honestly in the protocol's own shape, and traced.
 */
class CompatOfflineIntegrationTests extends RealServer {

    private static final String ANTHROPIC_BODY =
            "{\"model\":\"claude-x\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Review my pull request\"}]}";

    @Test
    void anthropicCallWithoutTokenIsTheLocalUsersAndSaysNoModelIsConfigured() throws Exception {
        Http.Reply reply = http().with("x-api-key", "placeholder").post("/v1/messages", ANTHROPIC_BODY);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode message = reply.json();
        assertThat(message.path("type").asString()).isEqualTo("message");
        assertThat(message.path("content").get(0).path("text").asString()).contains("No model is configured");
        assertThat(message.path("usage").path("input_tokens").asLong()).isPositive();
        JsonNode traces = http().get("/traces?user_id=local").json().path("traces");
        assertThat(traces.toString()).contains("anthropic-messages").contains("\"provider\":\"offline\"");
    }

    @Test
    void openAiStreamOfflineEndsWithDone() {
        Http.Reply reply = http().post("/v1/chat/completions",
                "{\"model\":\"llama3.2+noskills\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(reply.body()).contains("\"role\":\"assistant\"").contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        assertThat(reply.body()).doesNotContain("\"usage\"");
    }

    @Test
    void countTokensOfflineIsAnEstimate() {
        Http.Reply reply = http().post("/v1/messages/count_tokens", ANTHROPIC_BODY);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("input_tokens").asLong()).isPositive();
    }

    @Test
    void errorsAreInTheProtocolsShapeAndFollowAccept() throws Exception {
        Http.Reply plain = http().post("/v1/messages", "{\"model\":\"x\"}");
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.contentType()).startsWith("application/problem+json");
        assertThat(plain.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(plain.json().path("status").asInt()).isEqualTo(400);

        Http.Reply sdk = http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("not json")));
        assertThat(sdk.status()).isEqualTo(400);
        assertThat(sdk.contentType()).startsWith("application/json");
        assertThat(sdk.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void malformedMcpRequestsGetAJsonRpcErrorWithoutJavaInternals() {
        RawHttp raw = new RawHttp(port);
        String[][] cases = {
            {"{", "Content-Type: application/json"},
            {"[1,2]", "Content-Type: application/json"},
            {"{\"jsonrpc\":\"2.0\",\"id\":1}", "Content-Type: application/json"},
            {"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":7}", "Content-Type: application/json"},
            {"", "Content-Type: application/json"},
            {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Content-Type: text/plain"},
            {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "X-No-Type: 1"},
        };
        for (String[] c : cases) {
            RawHttp.Reply r = raw.send("POST", "/mcp", c[0], c[1], "Accept: application/json, text/event-stream");
            String shown = c[1] + " " + c[0] + " -> " + r.status() + " " + r.body();
            assertThat(r.status()).as(shown).isIn(200, 400, 415); // JSON-RPC reports some errors in a 200
            assertThat(r.header("Content-Type")).as(shown).startsWith("application/json");
            JsonNode body = r.json();
            assertThat(body.path("jsonrpc").asString()).as(shown).isEqualTo("2.0");
            assertThat(body.path("error").path("code").asInt()).as(shown).isLessThan(-32000);
            assertThat(body.path("error").path("message").asString()).as(shown).isNotBlank();
            assertThat(r.body()).as(shown).doesNotContain("stackTrace").doesNotContain("java.").doesNotContain("className")
                    .doesNotContain("Exception");
        }
        // A well-formed call still works.
        RawHttp.Reply ping = raw.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}",
                "Accept: application/json, text/event-stream");
        assertThat(ping.status()).as(ping.body()).isEqualTo(200);
        assertThat(ping.json().path("id").asInt()).isEqualTo(9);
    }
}
