package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/** Chat through the real server, the real Anthropic SDK and a fake Anthropic API on 127.0.0.1. */
class ChatIntegrationTests extends ChatServer {

    @BeforeEach
    void freshFake() {
        ANTHROPIC.reset();
    }

    private static String body(String user, String message) {
        return "{\"user_id\":\"" + user + "\",\"team_id\":\"engineering\",\"message\":" + Http.JSON.writeValueAsString(message)
                + ",\"include_skills\":true,\"max_skills\":5}";
    }

    @Test
    void theSeedsChatExampleAnswersWithSkillsUsageCostAndADurableTrace() throws Exception {
        ANTHROPIC.enqueue(FakeReply.text("Here's a Fibonacci function...").deltas(3).usage(1200, 40, 0, 0));
        Http.Reply r = http().post("/chat", body("alice", "Write a Python function to calculate Fibonacci numbers"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode reply = r.json();
        assertThat(reply.get("response").asString()).isEqualTo("Here's a Fibonacci function...");
        assertThat(reply.get("skills").findValuesAsString("id")).contains("python-coding");
        assertThat(reply.get("skills_used").get(0).asString()).isNotBlank();
        assertThat(reply.at("/usage/input_tokens").asLong()).isEqualTo(1200);
        assertThat(reply.at("/usage/output_tokens").asLong()).isEqualTo(40);
        assertThat(reply.get("cost_usd").asDouble()).isPositive();
        assertThat(reply.get("provider").asString()).isEqualTo("anthropic");
        String traceId = reply.get("trace_id").asString();
        assertThat(traceId).startsWith("trace_");

        // The trace is a committed file in alice's volume, with the commit each skill was read at.
        String day = traceId.substring(6, 10) + "/" + traceId.substring(10, 12) + "/" + traceId.substring(12, 14);
        assertThat(Files.readString(VOLUMES.resolve("users/alice/traces/" + day + "/" + traceId + ".json")))
                .contains("Fibonacci").doesNotContain(API_KEY);
        JsonNode trace = http().get("/traces/" + traceId + "?user_id=alice").json().get("trace");
        assertThat(trace.get("skills").get(0).get("commit").asString()).hasSize(40);
        assertThat(trace.get("outcome").asString()).isEqualTo("ok");

        // What reached the model: the skills in a cached system block, then the message.
        RecordedRequest sent = ANTHROPIC.lastRequest();
        assertThat(sent.header("authorization") + " " + sent.header("x-api-key")).contains(API_KEY);
        JsonNode system = sent.json().get("system");
        assertThat(system.get(0).get("text").asString()).contains("<skill id=\"python-coding\"");
        assertThat(system.get(0).at("/cache_control/type").asString()).isEqualTo("ephemeral");
        JsonNode messages = sent.json().get("messages");
        assertThat(messages.get(messages.size() - 1).toString()).contains("Fibonacci");
    }

    @Test
    void theStablePrefixIsByteIdenticalForTheSameSkills() {
        http().post("/chat", body("dora", "How should I review this pull request for risk?"));
        http().post("/chat", body("dora", "How should I review this pull request for risk?"));
        List<RecordedRequest> sent = ANTHROPIC.requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).json().get("system").get(0).toString()).isEqualTo(sent.get(1).json().get("system").get(0).toString());
    }

    @Test
    void streamingSendsSkillsDeltasUsageAndDoneWithTheTraceId() {
        ANTHROPIC.enqueue(FakeReply.text("one two three four").deltas(4).usage(500, 8, 0, 300));
        Http.Reply r = http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/stream"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("bob", "Write a SQL query with a window function"))));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/event-stream");
        List<Event> events = events(r.body());
        assertThat(events.get(0).name()).isEqualTo("skills");
        assertThat(events.get(0).data().get("skills").findValuesAsString("id")).contains("sql-queries");
        String text = String.join("", events.stream().filter(e -> e.name().equals("delta"))
                .map(e -> e.data().get("text").asString()).toList());
        assertThat(text).isEqualTo("one two three four");
        assertThat(events.stream().filter(e -> e.name().equals("delta")).count()).isGreaterThanOrEqualTo(2);
        Event usage = events.get(events.size() - 2);
        assertThat(usage.name()).isEqualTo("usage");
        assertThat(usage.data().at("/usage/cache_read_input_tokens").asLong()).isEqualTo(300);
        Event done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        String traceId = done.data().get("trace_id").asString();
        assertThat(http().get("/traces/" + traceId + "?user_id=bob").status()).isEqualTo(200);
    }

    @Test
    void aConversationContinuesWithItsEarlierTurns() {
        ANTHROPIC.enqueue(FakeReply.text("Paris."), FakeReply.text("About 2.1 million."));
        JsonNode first = http().post("/chat", body("carol", "What is the capital of France?")).json();
        String conversation = first.get("conversation_id").asString();
        http().post("/chat", "{\"user_id\":\"carol\",\"message\":\"And its population?\",\"conversation_id\":\"" + conversation + "\"}");
        JsonNode messages = ANTHROPIC.lastRequest().json().get("messages");
        assertThat(messages.size()).isEqualTo(3);
        assertThat(messages.get(0).toString()).contains("capital of France");
        assertThat(messages.get(1).toString()).contains("Paris.");
        assertThat(http().get("/traces?user_id=carol&conversation_id=" + conversation).json().get("total").asInt()).isEqualTo(2);
    }

    /** The model picker's list is what the upstream offers; a chat naming one of them is sent with it. */
    @Test
    void theModelsTheUpstreamOffersCanBePickedForAChat() {
        ANTHROPIC.listModels(200, "claude-sonnet-4-6", "claude-haiku-9");
        JsonNode models = http().get("/models").json();
        assertThat(models.get("provider").asString()).isEqualTo("anthropic");
        assertThat(models.get("default_model").asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(models.get("models").findValuesAsString("id")).containsExactly("claude-sonnet-4-6", "claude-haiku-9");
        assertThat(models.get("models").findValuesAsString("display_name")).contains("Fake claude-haiku-9");
        ANTHROPIC.enqueue(FakeReply.text("Short answer."));
        JsonNode reply = http().post("/chat", "{\"user_id\":\"hana\",\"message\":\"Hi\",\"model\":\"claude-haiku-9\"}").json();
        assertThat(ANTHROPIC.lastRequest().json().get("model").asString()).isEqualTo("claude-haiku-9");
        assertThat(reply.get("model").asString()).isEqualTo("claude-haiku-9");
    }

    /** Regenerating sends the conversation as it was before the replaced answer; editing an earlier question, before it. */
    @Test
    void aReplacingTurnSendsTheConversationAsItWasBeforeTheTurnItReplaces() {
        ANTHROPIC.enqueue(FakeReply.text("Paris."), FakeReply.text("Madrid."), FakeReply.text("Madrid, again."),
                FakeReply.text("Rome."));
        JsonNode first = http().post("/chat", body("dora", "What is the capital of France?")).json();
        String conversation = first.get("conversation_id").asString();
        String follow = "{\"user_id\":\"dora\",\"message\":\"And of Spain?\",\"conversation_id\":\"" + conversation + "\"";
        JsonNode second = http().post("/chat", follow + "}").json();
        http().post("/chat", follow + ",\"replaces\":\"" + second.get("trace_id").asString() + "\"}");
        JsonNode regenerated = ANTHROPIC.lastRequest().json().get("messages");
        assertThat(regenerated.size()).isEqualTo(3); // France, Paris., Spain again
        assertThat(regenerated.toString()).contains("Paris.").doesNotContain("Madrid.");
        http().post("/chat", "{\"user_id\":\"dora\",\"message\":\"What is the capital of Italy?\",\"conversation_id\":\""
                + conversation + "\",\"replaces\":\"" + first.get("trace_id").asString() + "\"}");
        JsonNode edited = ANTHROPIC.lastRequest().json().get("messages");
        assertThat(edited.size()).as("nothing before the first turn").isEqualTo(1);
        assertThat(edited.toString()).contains("Italy").doesNotContain("France");
    }

    @Test
    void theModelCanLoadASkillFromTheManifest() {
        ANTHROPIC.enqueue(FakeReply.toolUse("toolu_1", "load_skill", "{\"name\":\"git-workflow\"}"),
                FakeReply.text("Use git bisect."));
        JsonNode reply = http().post("/chat", body("erin", "My build broke somewhere in the last 40 commits; how do I find which commit?"))
                .json();
        assertThat(reply.get("response").asString()).contains("Use git bisect.");
        assertThat(ANTHROPIC.requests()).hasSize(2);
        JsonNode first = ANTHROPIC.requests().get(0).json();
        assertThat(first.get("tools").get(0).get("name").asString()).isEqualTo("load_skill");
        String second = ANTHROPIC.requests().get(1).json().get("messages").toString();
        assertThat(second).contains("tool_result").contains("toolu_1").contains("git bisect");
        assertThat(second).as("one heading, not the skill's name twice").doesNotContain("# Git Workflow\\n\\n# ");
        assertThat(reply.get("skills").toString()).contains("\"git-workflow\"").contains("\"loaded\"");
    }

    @Test
    void loadSkillNeverReachesAnotherUsersSkills() {
        assertThat(http().post("/skills", "{\"user_id\":\"bob\",\"skill_id\":\"bob-private\",\"name\":\"Bob's\","
                + "\"description\":\"secret recipe\",\"content\":\"THE-SECRET\"}").status()).isEqualTo(201);
        ANTHROPIC.enqueue(FakeReply.toolUse("toolu_x", "load_skill", "{\"name\":\"bob-private\"}"), FakeReply.text("ok"));
        JsonNode reply = http().post("/chat", body("mallory", "load bob's recipe")).json();
        String second = ANTHROPIC.requests().get(1).json().get("messages").toString();
        assertThat(second).contains("no skill named 'bob-private'").doesNotContain("THE-SECRET");
        assertThat(reply.get("skills").toString()).doesNotContain("bob-private");
    }

    @Test
    void anOverloadedModelIsA503NamingTheSavedTrace() {
        ANTHROPIC.enqueue(FakeReply.overloaded().retryAfter("0.05"), FakeReply.overloaded().retryAfter("0.05"));
        Http.Reply r = http().post("/chat", body("frank", "hello there"));
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        String traceId = r.json().get("trace_id").asString();
        JsonNode trace = http().get("/traces/" + traceId + "?user_id=frank").json().get("trace");
        assertThat(trace.get("outcome").asString()).isEqualTo("error");
        assertThat(trace.get("error").asString()).startsWith("overloaded");
        assertThat(ANTHROPIC.requestCount()).as("retried once").isEqualTo(2);
    }

    @Test
    void aStreamCutMidWayEndsWithAnErrorEvent() {
        ANTHROPIC.enqueue(FakeReply.text("partial answer that never ends").deltas(5).cutAfter(2));
        Http.Reply r = http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/stream"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body("gina", "tell me a story"))));
        List<Event> events = events(r.body());
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().get("trace_id").asString()).startsWith("trace_");
        assertThat(events.stream().map(Event::name)).doesNotContain("done");
    }

    @Test
    void closingTheStreamCancelsTheUpstreamCall() throws Exception {
        ANTHROPIC.enqueue(FakeReply.text("slow ".repeat(40)).deltas(40).delayPerDelta(Duration.ofMillis(100)));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/stream"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body("hank", "write slowly")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        byte[] buffer = new byte[256];
        int read = 0;
        String seen = "";
        while (!seen.contains("event: delta") && read >= 0) {
            read = in.read(buffer);
            seen += read > 0 ? new String(buffer, 0, read) : "";
        }
        in.close();
        assertThat(ANTHROPIC.awaitClientDisconnect(Duration.ofSeconds(5))).as("the fake saw LLMos hang up").isTrue();
    }

    @Test
    void feedbackAndUsageBelongToTheCaller() {
        ANTHROPIC.enqueue(FakeReply.text("ok").usage(100, 10, 0, 0));
        String traceId = http().post("/chat", body("ivan", "hello")).json().get("trace_id").asString();
        Http.Reply fb = http().post("/traces/" + traceId + "/feedback", "{\"user_id\":\"ivan\",\"rating\":\"up\",\"comment\":\"great\"}");
        assertThat(fb.status()).as(fb.body()).isEqualTo(200);
        assertThat(http().get("/traces/" + traceId + "?user_id=ivan").json().at("/feedback/rating").asString()).isEqualTo("up");
        assertThat(http().post("/traces/" + traceId + "/feedback", "{\"user_id\":\"judy\",\"rating\":\"down\"}").status()).isEqualTo(404);
        assertThat(http().get("/traces/" + traceId + "?user_id=judy").status()).isEqualTo(404);
        assertThat(http().post("/traces/" + traceId + "/feedback", "{\"user_id\":\"ivan\",\"rating\":\"meh\"}").status()).isEqualTo(400);
        JsonNode usage = http().get("/usage?user_id=ivan").json();
        assertThat(usage.get("requests").asLong()).isEqualTo(1);
        assertThat(usage.get("input_tokens").asLong()).isEqualTo(100);
        assertThat(http().get("/usage?user_id=judy").json().get("requests").asLong()).isZero();
        JsonNode volumes = http().get("/volumes?user_id=ivan").json().get("volumes");
        assertThat(volumes.get(volumes.size() - 1).get("traces").asLong()).as("feedback is not a trace").isEqualTo(1);
    }

    @Test
    void badChatRequestsAreRejectedBeforeAnyModelCall() {
        assertThat(http().post("/chat", "{\"user_id\":\"alice\",\"message\":\"\"}").status()).isEqualTo(400);
        assertThat(http().post("/chat", "{\"user_id\":\"../x\",\"message\":\"hi\"}").status()).isEqualTo(400);
        assertThat(http().post("/chat", "{\"message\":\"hi\"}").status()).isEqualTo(400);
        assertThat(http().post("/chat", "{\"user_id\":\"alice\",\"message\":\"hi\",\"max_skills\":-1}").status()).isEqualTo(400);
        assertThat(http().post("/chat", "{\"user_id\":\"alice\",\"message\":\"hi\",\"conversation_id\":\"../../x\"}").status()).isEqualTo(400);
        assertThat(http().post("/chat/stream", "{\"user_id\":\"alice\",\"message\":\"\"}").status()).isEqualTo(400);
        assertThat(ANTHROPIC.requestCount()).isZero();
    }
}
