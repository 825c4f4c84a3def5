package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The chat screen's conversations against the real server (offline provider) and real git volumes:
 * list by kind with titles, search, rename and delete recorded beside the traces (never rewriting
 * them), follow-ups that keep their skills, regenerate and edit-and-resend, and bad input.
 */
class ConversationIntegrationTests extends RealServer {

    private static final AtomicInteger USERS = new AtomicInteger();

    private static String newUser() {
        return "conv-user-" + USERS.incrementAndGet();
    }

    private JsonNode chat(String user, String conversation, String message, String replaces) {
        String body = "{\"user_id\":\"" + user + "\",\"message\":" + Http.JSON.writeValueAsString(message)
                + (conversation == null ? "" : ",\"conversation_id\":\"" + conversation + "\"")
                + (replaces == null ? "" : ",\"replaces\":\"" + replaces + "\"") + "}";
        Http.Reply r = http().post("/chat", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void conversationsAreListedNewestFirstWithTitlesAndKinds() {
        String user = newUser();
        JsonNode first = chat(user, null, "Write a SQL query for the top ten customers by revenue\nwith their country", null);
        chat(user, first.get("conversation_id").asString(), "Now add the number of orders", null);
        JsonNode second = chat(user, null, "How do I squash my last three git commits?", null);

        JsonNode chats = http().get("/conversations?kind=chat&user_id=" + user).json();
        assertThat(chats.get("total").asInt()).isEqualTo(2);
        JsonNode newest = chats.get("conversations").get(0);
        assertThat(newest.get("conversation_id").asString()).isEqualTo(second.get("conversation_id").asString());
        assertThat(newest.get("kind").asString()).isEqualTo("chat");
        assertThat(newest.get("renamed").asBoolean()).isFalse();
        JsonNode older = chats.get("conversations").get(1);
        assertThat(older.get("title").asString()).as("the first question's first line")
                .isEqualTo("Write a SQL query for the top ten customers by revenue");
        assertThat(older.get("turns").asInt()).isEqualTo(2);
        assertThat(older.get("started").asString()).isNotBlank();

        // A call through a compatibility endpoint (local mode: the local user's) is listed apart, as an API call.
        String sdk = "Hello from an SDK " + user;
        assertThat(http().post("/v1/chat/completions",
                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + sdk + "\"}]}").status()).isEqualTo(200);
        JsonNode api = http().get("/conversations?kind=api&user_id=local").json().get("conversations");
        assertThat(api.findValuesAsString("title")).contains(sdk);
        assertThat(api.findValuesAsString("kind")).containsOnly("api");
        assertThat(http().get("/conversations?kind=chat&user_id=local").json().get("conversations").findValuesAsString("title"))
                .doesNotContain(sdk);
    }

    @Test
    void aFollowUpKeepsTheSkillsOfTheTurnBefore() {
        String user = newUser();
        JsonNode first = chat(user, null, "Write a SQL query that finds duplicate emails in the users table", null);
        assertThat(first.get("skills").findValuesAsString("id")).contains("sql-queries");
        // Names no skill and would retrieve none on its own.
        JsonNode next = chat(user, first.get("conversation_id").asString(), "Make it shorter, please", null);
        assertThat(next.get("skills").findValuesAsString("id")).contains("sql-queries");
        assertThat(next.get("skills").toString()).contains("\"continued\"");
        assertThat(chat(user, null, "Make it shorter, please", null).get("skills").findValuesAsString("id"))
                .as("the same message in a new conversation").doesNotContain("sql-queries");
    }

    @Test
    void searchFindsTitlesQuestionsAndAnswersAndSaysWhere() {
        String user = newUser();
        chat(user, null, "Plan a three day trip to Lisbon", null);
        JsonNode other = chat(user, null, "Explain how a B-tree index speeds up lookups", null);
        chat(user, other.get("conversation_id").asString(), "And when is a hash index better?", null);

        JsonNode hits = http().get("/conversations?q=HASH%20index&user_id=" + user).json();
        assertThat(hits.get("total").asInt()).isEqualTo(1);
        assertThat(hits.at("/conversations/0/conversation_id").asString()).isEqualTo(other.get("conversation_id").asString());
        assertThat(hits.at("/conversations/0/match").asString()).containsIgnoringCase("hash index");
        // Answers count too: every offline answer says no model is configured.
        assertThat(http().get("/conversations?q=no%20model%20is%20configured&user_id=" + user).json().get("total").asInt())
                .isEqualTo(2);
        assertThat(http().get("/conversations?q=lisbon&user_id=" + user).json().at("/conversations/0/match").asString())
                .contains("Lisbon");
        assertThat(http().get("/conversations?q=zebra&user_id=" + user).json().get("total").asInt()).isZero();
    }

    @Test
    void renameAndDeleteAreRecordedBesideTheTracesWhichStayUntouched() throws Exception {
        String user = newUser();
        JsonNode first = chat(user, null, "What is a quick weeknight dinner with chickpeas?", null);
        String id = first.get("conversation_id").asString();
        String tracePath = "users/" + user + "/traces";
        List<String> tracesBefore;
        try (var files = Files.walk(VOLUMES.resolve(tracePath))) {
            tracesBefore = files.filter(Files::isRegularFile).map(p -> p + ":" + p.toFile().lastModified()).sorted().toList();
        }

        Http.Reply renamed = http().put("/conversations/" + id + "/title", "{\"user_id\":\"" + user + "\",\"title\":\"  Dinner ideas  \"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("title").asString()).isEqualTo("Dinner ideas");
        assertThat(renamed.json().get("renamed").asBoolean()).isTrue();
        assertThat(http().get("/conversations?user_id=" + user).json().at("/conversations/0/title").asString()).isEqualTo("Dinner ideas");
        assertThat(Files.readString(VOLUMES.resolve("users/" + user + "/conversations/" + id + ".json"))).contains("\"title\":\"Dinner ideas\"");
        JsonNode commit = http().get("/volumes/users/" + user + "/history?limit=1&user_id=" + user).json().at("/commits/0");
        assertThat(commit.get("message").asString()).isEqualTo("Rename conversation " + id);
        assertThat(commit.get("author").asString()).isEqualTo(user);

        Http.Reply deleted = http().delete("/conversations/" + id + "?user_id=" + user);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(http().get("/conversations?user_id=" + user).json().get("total").asInt()).isZero();
        assertThat(http().get("/conversations/" + id + "?user_id=" + user).status()).isEqualTo(404);
        assertThat(http().delete("/conversations/" + id + "?user_id=" + user).status()).isEqualTo(404);
        // The trace files are exactly as they were; the trace is still readable by id.
        try (var files = Files.walk(VOLUMES.resolve(tracePath))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p + ":" + p.toFile().lastModified()).sorted().toList())
                    .isEqualTo(tracesBefore);
        }
        assertThat(http().get("/traces/" + first.get("trace_id").asString() + "?user_id=" + user).status()).isEqualTo(200);

        // Continuing it brings it back, with the title given before.
        chat(user, id, "One more idea?", null);
        JsonNode back = http().get("/conversations?user_id=" + user).json().at("/conversations/0");
        assertThat(back.get("conversation_id").asString()).isEqualTo(id);
        assertThat(back.get("title").asString()).isEqualTo("Dinner ideas");
    }

    @Test
    void badInputIsAProblemWithTheField() {
        String user = newUser();
        String id = chat(user, null, "Hello there", null).get("conversation_id").asString();
        Http.Reply blank = http().put("/conversations/" + id + "/title", "{\"user_id\":\"" + user + "\",\"title\":\"  \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.contentType()).startsWith("application/problem+json");
        assertThat(blank.json().get("field").asString()).isEqualTo("title");
        Http.Reply longTitle = http().put("/conversations/" + id + "/title",
                "{\"user_id\":\"" + user + "\",\"title\":\"" + "x".repeat(201) + "\"}");
        assertThat(longTitle.status()).isEqualTo(400);
        assertThat(longTitle.json().get("detail").asString()).contains("200");
        assertThat(http().put("/conversations/" + id + "/title", "{\"user_id\":\"" + user + "\",\"title\":\"a\\nb\"}").status())
                .isEqualTo(400);
        Http.Reply badId = http().put("/conversations/bad%20id!/title", "{\"user_id\":\"" + user + "\",\"title\":\"t\"}");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("field").asString()).isEqualTo("conversation_id");
        assertThat(http().put("/conversations/conv_0000000000000000/title", "{\"user_id\":\"" + user + "\",\"title\":\"t\"}").status())
                .isEqualTo(404);
        // Someone else's conversation is as unknown as one that does not exist.
        assertThat(http().put("/conversations/" + id + "/title", "{\"user_id\":\"" + newUser() + "\",\"title\":\"mine\"}").status())
                .isEqualTo(404);
        assertThat(http().delete("/conversations/" + id + "?user_id=" + newUser()).status()).isEqualTo(404);
        assertThat(http().get("/conversations?kind=robots&user_id=" + user).json().get("field").asString()).isEqualTo("kind");
        Http.Reply notJson = http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + "/conversations/" + id + "/title")).header("Content-Type", "text/plain")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("title")));
        assertThat(notJson.status()).isEqualTo(415);
        // replaces must name a turn of this conversation, and needs one.
        Http.Reply stray = http().post("/chat", "{\"user_id\":\"" + user + "\",\"conversation_id\":\"" + id
                + "\",\"message\":\"again\",\"replaces\":\"trace_20260101_000000_00000000\"}");
        assertThat(stray.status()).isEqualTo(400);
        assertThat(stray.json().get("field").asString()).isEqualTo("replaces");
        assertThat(http().post("/chat", "{\"user_id\":\"" + user + "\",\"message\":\"again\",\"replaces\":\"x\"}").status())
                .isEqualTo(400);
    }

    @Test
    void regenerateAndEditAndResendReplaceTurnsAndKeepTheEarlierVersions() {
        String user = newUser();
        JsonNode a = chat(user, null, "Name a prime number", null);
        String id = a.get("conversation_id").asString();
        JsonNode b = chat(user, id, "Name another one", null);
        // Regenerate the last answer: the same message, replacing the last turn.
        JsonNode b2 = chat(user, id, "Name another one", b.get("trace_id").asString());
        JsonNode detail = http().get("/conversations/" + id + "?user_id=" + user).json();
        assertThat(detail.get("turns")).hasSize(2);
        assertThat(detail.at("/turns/1/turn/trace/id").asString()).isEqualTo(b2.get("trace_id").asString());
        assertThat(detail.at("/turns/1/turn/trace/replaces").asString()).isEqualTo(b.get("trace_id").asString());
        assertThat(detail.at("/turns/1/earlier/0/trace/id").asString()).isEqualTo(b.get("trace_id").asString());

        // Edit the first question and send it again: it replaces the first turn and drops the ones after it.
        JsonNode a2 = chat(user, id, "Name an even prime number", a.get("trace_id").asString());
        detail = http().get("/conversations/" + id + "?user_id=" + user).json();
        assertThat(detail.get("turns")).hasSize(1);
        assertThat(detail.at("/turns/0/turn/trace/id").asString()).isEqualTo(a2.get("trace_id").asString());
        assertThat(detail.at("/turns/0/turn/trace/request").asString()).isEqualTo("Name an even prime number");
        assertThat(detail.at("/turns/0/earlier/0/trace/request").asString()).isEqualTo("Name a prime number");
        assertThat(detail.at("/conversation/turns").asInt()).isEqualTo(1);
        // The replaced turn is no longer one that can be replaced.
        Http.Reply gone = http().post("/chat", "{\"user_id\":\"" + user + "\",\"conversation_id\":\"" + id
                + "\",\"message\":\"x\",\"replaces\":\"" + b2.get("trace_id").asString() + "\"}");
        assertThat(gone.status()).isEqualTo(400);
    }
}
