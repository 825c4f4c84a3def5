package dev.llmos.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * Two LLMos server processes, each with its own volumes folder, sharing a real git server
 * ({@code git daemon} on loopback, push enabled). Node A pulls every 2 s; node B only when asked
 * (POST sync, or the webhook). Each test works in its own user's volume, so they do not interfere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoNodeSyncTests {

    private static final String SECRET = "hook-secret-for-tests";

    private Path dir;

    private GitDaemon server;
    private Node a;
    private Node b;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        dir = temp;
        server = new GitDaemon(dir.resolve("server"));
        server.create("system", "users-alice", "users-carol", "users-dave", "users-erin", "users-frank", "users-gina",
                "users-hank");
        server.start();
        Map<String, String> common = Map.of("LLMOS_GIT_REMOTE", server.pattern(), "LLMOS_SYNC_PUSH_DELAY", "200ms",
                "LLMOS_SYNC_MAX_BACKOFF", "2s", "LLMOS_SYNC_WEBHOOK_SECRET", SECRET);
        Map<String, String> envA = new java.util.HashMap<>(common);
        envA.put("LLMOS_SYNC_INTERVAL", "2s");
        Map<String, String> envB = new java.util.HashMap<>(common);
        envB.put("LLMOS_SYNC_INTERVAL", "1h");
        a = new Node("a", dir.resolve("a-volumes"), envA);
        b = new Node("b", dir.resolve("b-volumes"), envB);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aSkillWrittenOnNodeAIsSelectableOnNodeBWithinTenSecondsOfAPull() throws Exception {
        assertThat(a.put("/skills/zebra-paperwork", skill("alice", "Zebra paperwork",
                "Use when filing zebra migration paperwork", "## Steps\\n1. Fill in form Z-7\\n")).status()).isEqualTo(201);
        awaitPushed(a, "alice");

        Node.Reply synced = b.post("/volumes/users/alice/sync?user_id=alice", null);
        assertThat(synced.status()).as(synced.body()).isEqualTo(200);
        assertThat(synced.json().get("sync").get("state").asString()).as(synced.body()).isEqualTo("ok");
        long pulled = System.nanoTime();
        await(10, "node B selects the skill written on node A", () -> {
            Node.Reply chat = b.post("/chat", "{\"user_id\":\"alice\",\"message\":\"help me with zebra migration paperwork\"}");
            return chat.status() == 200 && chat.body().contains("Zebra paperwork");
        });
        System.out.printf("sync: skill selectable on node B %.1f s after the pull%n", (System.nanoTime() - pulled) / 1e9);
        assertThat(b.get("/skills/zebra-paperwork?user_id=alice").body()).contains("Fill in form Z-7");
    }

    @Test
    void theScheduledPullBringsSkillsWithoutBeingAsked() throws Exception {
        assertThat(b.put("/skills/carol-one", skill("carol", "One", "Use when one", "one")).status()).isEqualTo(201);
        awaitPushed(b, "carol");
        // Node A creates carol's volume with a skill of its own: two unrelated histories that must merge.
        assertThat(a.put("/skills/carol-two", skill("carol", "Two", "Use when two", "two")).status()).isEqualTo(201);
        awaitPushed(a, "carol");
        assertThat(b.put("/skills/carol-three", skill("carol", "Three", "Use when three", "three")).status()).isEqualTo(201);
        awaitPushed(b, "carol");

        await(30, "node A's scheduled pull brings carol-three", () -> a.get("/skills/carol-three?user_id=carol").status() == 200);
        assertThat(a.get("/skills/carol-one?user_id=carol").status()).isEqualTo(200);
        assertThat(server.files("users-carol")).contains("skills/carol-one.md", "skills/carol-two.md", "skills/carol-three.md");
    }

    @Test
    void tracesFromBothNodesAllArrive() throws Exception {
        List<String> traces = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (Node node : List.of(a, b)) {
                Node.Reply chat = node.post("/chat", "{\"user_id\":\"dave\",\"message\":\"question " + i + "\"}");
                assertThat(chat.status()).as(chat.body()).isEqualTo(200);
                traces.add(chat.json().get("trace_id").asString());
            }
        }
        converge("dave");

        String files = String.join("\n", server.files("users-dave"));
        for (String id : traces) {
            assertThat(files).as("trace " + id + " on the server").contains(id);
            for (Node node : List.of(a, b)) {
                assertThat(node.get("/traces/" + id + "?user_id=dave").status()).as("trace " + id).isEqualTo(200);
            }
        }
        assertThat(syncOf(a, "dave").get("conflicts").asInt()).isZero();
    }

    @Test
    void theSystemVolumesSeededOnEachNodeMergeWithoutConflicts() throws Exception {
        // Both nodes seeded the system library on their own; their histories are unrelated.
        for (Node node : List.of(a, b)) {
            await(30, "the node's system volume is in step with the server", () -> {
                JsonNode s = system(node);
                return "ok".equals(s.get("state").asString()) && s.get("ahead").asInt() == 0;
            });
        }
        assertThat(b.post("/volumes/system/sync?user_id=alice", null).status()).as("local mode: only an admin writes system").isEqualTo(403);
        assertThat(server.files("system")).contains(".gitignore").anyMatch(f -> f.startsWith("skills/"));
        for (Node node : List.of(a, b)) {
            assertThat(system(node).get("conflicts").asInt()).isZero();
            assertThat(node.get("/volumes/system/conflicts").json().get("conflicts").size()).isZero();
        }
    }

    @Test
    void concurrentConflictingEditsShowAConflictAndLoseNothing() throws Exception {
        assertThat(a.put("/skills/shared-notes", skill("erin", "Shared notes", "Use when reading the shared notes",
                "original")).status()).isEqualTo(201);
        awaitPushed(a, "erin");
        assertThat(b.post("/volumes/users/erin/sync?user_id=erin", null).status()).isEqualTo(200);
        assertThat(b.get("/skills/shared-notes?user_id=erin").body()).contains("original");

        assertThat(a.put("/skills/shared-notes", skill("erin", "Shared notes", "Use when reading the shared notes",
                "edited on node A")).status()).isEqualTo(200);
        assertThat(b.put("/skills/shared-notes", skill("erin", "Shared notes", "Use when reading the shared notes",
                "edited on node B")).status()).isEqualTo(200);
        converge("erin");

        for (Node node : List.of(a, b)) {
            Node.Reply listed = node.get("/volumes/users/erin/conflicts?user_id=erin");
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            JsonNode conflicts = listed.json().get("conflicts");
            assertThat(conflicts.size()).as(listed.body()).isEqualTo(1);
            JsonNode conflict = conflicts.get(0);
            assertThat(conflict.get("path").asString()).isEqualTo("skills/shared-notes.md");
            assertThat(conflict.get("saved_as").asString()).startsWith("conflicts/skills/shared-notes.md@");
            String both = conflict.get("local_content").asString() + "\n" + conflict.get("remote_content").asString();
            assertThat(both).contains("edited on node A", "edited on node B");
            assertThat(syncOf(node, "erin").get("conflicts").asInt()).isEqualTo(1);
        }
        assertThat(head(a, "erin")).isEqualTo(head(b, "erin"));

        // A person resolves it on node A, keeping the server's version; node B follows after a pull.
        JsonNode conflict = a.get("/volumes/users/erin/conflicts?user_id=erin").json().get("conflicts").get(0);
        String kept = conflict.get("remote_content").asString().contains("edited on node A") ? "edited on node A" : "edited on node B";
        Node.Reply resolved = a.post("/volumes/users/erin/conflicts/resolve", "{\"user_id\":\"erin\",\"saved_as\":\""
                + conflict.get("saved_as").asString() + "\",\"keep\":\"remote\",\"local_blob\":\""
                + conflict.get("local_blob").asString() + "\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().get("conflicts").size()).isZero();
        converge("erin");
        for (Node node : List.of(a, b)) {
            assertThat(node.get("/volumes/users/erin/conflicts?user_id=erin").json().get("conflicts").size()).isZero();
            assertThat(node.get("/skills/shared-notes?user_id=erin").body()).contains(kept);
        }
    }

    @Test
    void editsOfDifferentSkillsOnTwoNodesBothMerge() throws Exception {
        assertThat(a.put("/skills/frank-p", skill("frank", "P", "Use when p", "p original")).status()).isEqualTo(201);
        assertThat(a.put("/skills/frank-q", skill("frank", "Q", "Use when q", "q original")).status()).isEqualTo(201);
        awaitPushed(a, "frank");
        assertThat(b.post("/volumes/users/frank/sync?user_id=frank", null).status()).isEqualTo(200);

        assertThat(a.put("/skills/frank-p", skill("frank", "P", "Use when p", "p edited on A")).status()).isEqualTo(200);
        assertThat(b.put("/skills/frank-q", skill("frank", "Q", "Use when q", "q edited on B")).status()).isEqualTo(200);
        converge("frank");

        for (Node node : List.of(a, b)) {
            assertThat(node.get("/skills/frank-p?user_id=frank").body()).contains("p edited on A");
            assertThat(node.get("/skills/frank-q?user_id=frank").body()).contains("q edited on B");
            assertThat(node.get("/volumes/users/frank/conflicts?user_id=frank").json().get("conflicts").size()).isZero();
        }
    }

    @Test
    void theServerGoingAwayAndComingBackLosesNothing() throws Exception {
        assertThat(a.put("/skills/gina-0", skill("gina", "G0", "Use when g0", "before the outage")).status()).isEqualTo(201);
        awaitPushed(a, "gina");
        server.stop();
        try {
            for (int i = 1; i <= 3; i++) {
                Node.Reply written = a.put("/skills/gina-" + i, skill("gina", "G" + i, "Use when g" + i, "during the outage " + i));
                assertThat(written.status()).as("local writes go on while the server is away").isEqualTo(201);
            }
            Node.Reply chat = a.post("/chat", "{\"user_id\":\"gina\",\"message\":\"during the outage\"}");
            assertThat(chat.status()).isEqualTo(200);
            String trace = chat.json().get("trace_id").asString();
            await(30, "node A reports the unreachable server", () -> "error".equals(syncOf(a, "gina").get("state").asString()));
            JsonNode down = syncOf(a, "gina");
            assertThat(down.get("last_error").asString()).isNotBlank();
            assertThat(down.get("ahead").asInt()).isPositive();
            assertThat(down.get("remote").asString()).isEqualTo(server.pattern().replace("{volume}", "users-gina"));

            server.start();
            await(30, "node A catches up once the server is back", () -> {
                JsonNode s = syncOf(a, "gina");
                return "ok".equals(s.get("state").asString()) && s.get("ahead").asInt() == 0;
            });
            assertThat(b.post("/volumes/users/gina/sync?user_id=gina", null).status()).isEqualTo(200);
            for (int i = 0; i <= 3; i++) {
                assertThat(b.get("/skills/gina-" + i + "?user_id=gina").status()).as("gina-" + i + " on node B").isEqualTo(200);
            }
            assertThat(b.get("/traces/" + trace + "?user_id=gina").status()).isEqualTo(200);
            assertThat(String.join("\n", server.files("users-gina"))).contains(trace, "skills/gina-3.md");
        } finally {
            if (!isListening()) {
                server.start();
            }
        }
    }

    @Test
    void aMissingRepositoryOnTheServerIsReportedClearly() throws Exception {
        assertThat(a.put("/skills/lonely", skill("nobody", "Lonely", "Use when alone", "alone")).status()).isEqualTo(201);
        await(30, "node A reports the missing repository", () -> {
            JsonNode s = syncOf(a, "nobody");
            return "error".equals(s.get("state").asString());
        });
        assertThat(syncOf(a, "nobody").get("last_error").asString()).contains("remote repository missing", "users-nobody.git");
    }

    @Test
    void aSignedWebhookTriggersAPullAndAnUnsignedOneIsRefused() throws Exception {
        assertThat(a.put("/skills/hank-hook", skill("hank", "Hook", "Use when hooked", "from the webhook")).status()).isEqualTo(201);
        awaitPushed(a, "hank");
        byte[] event = "{\"ref\":\"refs/heads/main\",\"repository\":{\"id\":7,\"owner\":{\"login\":\"llmos\",\"name\":\"x\"},\"name\":\"users-hank\"}}"
                .getBytes(StandardCharsets.UTF_8);

        Node.Reply forged = b.send(webhook(event, "sha256=" + "0".repeat(64)));
        assertThat(forged.status()).as(forged.body()).isEqualTo(401);
        assertThat(b.get("/skills/hank-hook?user_id=hank").status()).isEqualTo(404);

        Node.Reply accepted = b.send(webhook(event, "sha256=" + hmac(event)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("queued").get(0).asString()).isEqualTo("users/hank");
        await(15, "node B pulls hank's volume after the webhook", () -> b.get("/skills/hank-hook?user_id=hank").status() == 200);
    }

    // --- helpers ---

    private HttpRequest.Builder webhook(byte[] event, String signature) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/sync/webhook"))
                .header("Content-Type", "application/json").header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event));
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private boolean isListening() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", URI.create(server.pattern().replace("{volume}", "x"))
                    .getPort()), 200);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Sync A, then B, then A: afterwards both nodes and the server hold the same history. */
    private void converge(String user) throws Exception {
        for (Node node : List.of(a, b, a)) {
            Node.Reply r = node.post("/volumes/users/" + user + "/sync?user_id=" + user, null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("sync").get("state").asString()).as(r.body()).isEqualTo("ok");
        }
    }

    private void awaitPushed(Node node, String user) throws Exception {
        await(30, "the node pushes " + user + "'s volume", () -> {
            JsonNode s = syncOf(node, user);
            return "ok".equals(s.get("state").asString()) && s.get("ahead").asInt() == 0 && !s.get("last_push").isNull();
        });
    }

    private static JsonNode syncOf(Node node, String user) {
        return volumeOf(node, user).get("sync");
    }

    private static JsonNode system(Node node) {
        return volume(node, "system").get("sync");
    }

    private static JsonNode volume(Node node, String path) {
        try {
            for (JsonNode v : node.get("/volumes").json().get("volumes")) {
                if (v.get("volume").asString().equals(path)) {
                    return v;
                }
            }
            throw new AssertionError("no volume " + path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String head(Node node, String user) {
        return volumeOf(node, user).get("head").asString();
    }

    private static JsonNode volumeOf(Node node, String user) {
        try {
            Node.Reply r = node.get("/volumes?user_id=" + user);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (JsonNode v : r.json().get("volumes")) {
                if (v.get("volume").asString().equals("users/" + user)) {
                    return v;
                }
            }
            throw new AssertionError("no volume users/" + user + " in " + r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String skill(String user, String name, String description, String content) {
        return "{\"user_id\":\"" + user + "\",\"name\":\"" + name + "\",\"description\":\"" + description
                + "\",\"content\":\"" + content + "\"}";
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until {@code check} holds; a hang guard, not a timing assertion. */
    private static void await(int seconds, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (AssertionError | RuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting until " + what, last);
    }
}
