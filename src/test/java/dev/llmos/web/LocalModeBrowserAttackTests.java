package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.llmos.access.Accounts;

/**
 * Local mode trusts whoever reaches it, so it must be unreachable from a web page: a page on another
 * site (DNS rebinding: {@code evil.example} resolving to 127.0.0.1, so the browser sends
 * {@code Host: evil.example}) must not read or write anything, and a cross-site form, {@code no-cors}
 * fetch or {@code text/plain} body must not change anything. Sent on real sockets with the headers a
 * browser sends, to the real server.
 */
class LocalModeBrowserAttackTests extends RealServer {

    private RawHttp raw;
    private String self;

    @BeforeEach
    void setUp() {
        raw = new RawHttp(port);
        self = "127.0.0.1:" + port;
    }

    private static String skill(String id) {
        return "{\"user_id\":\"alice\",\"skill_id\":\"" + id + "\",\"name\":\"N\",\"description\":\"Use when testing\",\"content\":\"x\"}";
    }

    private static void assertRefused(RawHttp.Reply r, String why) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains(why);
    }

    @Test
    void aForeignHostNameIsRefusedForReadsAndWrites() {
        new Accounts(VOLUMES, Clock.systemUTC()).addUser("root", true);
        String file = VOLUMES.resolve(".access/access.json").toString();
        long before = new java.io.File(file).length();
        for (String host : new String[] {"evil.example", "evil.example:" + port, "127.0.0.1.nip.io:" + port, "localhost.evil.example"}) {
            assertRefused(raw.get("/skills?user_id=alice", "Host: " + host), "Host");
            assertRefused(raw.get("/traces?user_id=alice", "Host: " + host), "Host");
            // The rebinding attack's prize: an admin token that keeps working if these volumes later serve token mode.
            assertRefused(raw.postJson("/tokens", "{\"user_id\":\"root\",\"scope\":\"admin\"}", "Host: " + host), "Host");
        }
        assertThat(new java.io.File(file).length()).isEqualTo(before);
        assertThat(raw.get("/skills/planted?user_id=alice").status()).isEqualTo(404);
    }

    @Test
    void loopbackNamesOnAnyPortAndTheConfiguredHostsAreServed() {
        for (String host : new String[] {self, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "127.0.0.1", "127.1.2.3:99",
                "llmos.test:" + port}) {
            RawHttp.Reply r = raw.get("/skills?user_id=alice", "Host: " + host);
            assertThat(r.status()).as(host + ": " + r.body()).isEqualTo(200);
        }
    }

    @Test
    void aStateChangingRequestFromAnotherOriginIsRefused() {
        for (String origin : new String[] {"http://evil.example", "null", "http://localhost:3000", "http://127.0.0.1:" + (port + 1),
                "https://evil.example:" + port}) {
            RawHttp.Reply r = raw.postJson("/skills", skill("from-" + Math.abs(origin.hashCode())), "Origin: " + origin);
            assertRefused(r, "Origin");
        }
        assertRefused(raw.postJson("/skills", skill("from-site"), "Sec-Fetch-Site: cross-site"), "Sec-Fetch-Site");
        assertRefused(raw.postJson("/skills", skill("from-sibling"), "Sec-Fetch-Site: same-site"), "Sec-Fetch-Site");
        assertRefused(raw.send("DELETE", "/skills/code-review?user_id=alice", null, "Origin: http://evil.example"), "Origin");
        assertThat(VOLUMES.resolve("users/alice/skills").toFile().list((d, n) -> n.startsWith("from-"))).isNullOrEmpty();
    }

    @Test
    void theSameOriginAndClientsWithoutAnOriginStillWork() {
        // The web UI served by LLMos itself (and through the Vite dev server, which keeps the Host: changeOrigin false).
        RawHttp.Reply ui = raw.postJson("/skills", skill("same-origin"), "Origin: http://" + self, "Sec-Fetch-Site: same-origin");
        assertThat(ui.status()).as(ui.body()).isEqualTo(201);
        RawHttp.Reply vite = raw.postJson("/skills", skill("through-vite"), "Host: localhost:5173", "Origin: http://localhost:5173",
                "Sec-Fetch-Site: same-origin");
        assertThat(vite.status()).as(vite.body()).isEqualTo(201);
        // curl, Claude Code and the SDKs send no Origin.
        RawHttp.Reply curl = raw.postJson("/skills", skill("no-origin"));
        assertThat(curl.status()).as(curl.body()).isEqualTo(201);
        // A GET from another origin is not a write (and without CORS headers the page cannot read the answer).
        assertThat(raw.get("/skills?user_id=alice", "Origin: http://evil.example").status()).isEqualTo(200);
    }

    @Test
    void compatibilityRoutesRefuseInTheirProtocolsErrorShape() {
        String body = "{\"model\":\"claude-x\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        RawHttp.Reply host = raw.postJson("/v1/messages", body, "Host: evil.example", "Accept: application/json");
        assertThat(host.status()).isEqualTo(403);
        assertThat(host.json().get("type").asString()).isEqualTo("error");
        assertThat(host.json().get("error").get("type").asString()).isEqualTo("permission_error");
        RawHttp.Reply origin = raw.postJson("/v1/chat/completions", body, "Origin: http://evil.example", "Accept: application/json");
        assertThat(origin.status()).isEqualTo(403);
        assertThat(origin.json().get("error").get("type").asString()).isEqualTo("permission_error");
        RawHttp.Reply mcp = raw.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Origin: http://evil.example");
        assertThat(mcp.status()).isEqualTo(403);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedOnEveryJsonRoute() {
        String messages = "{\"model\":\"claude-x\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"spend\"}]}";
        int tracesBefore = traces();
        // What a cross-site <form enctype=text/plain> or a no-cors fetch sends: the operator's credit spent.
        for (String type : new String[] {"Content-Type: text/plain", "Content-Type: application/x-www-form-urlencoded",
                "Content-Type: multipart/form-data; boundary=x"}) {
            RawHttp.Reply r = raw.send("POST", "/v1/messages", messages, type, "Accept: application/json");
            assertThat(r.status()).as(type + " " + r.body()).isEqualTo(415);
            assertThat(r.json().get("error").get("type").asString()).isEqualTo("invalid_request_error");
            assertThat(raw.send("POST", "/v1/messages/count_tokens", messages, type).status()).isEqualTo(415);
            assertThat(raw.send("POST", "/v1/chat/completions", messages, type).status()).isEqualTo(415);
            RawHttp.Reply chat = raw.send("POST", "/chat", "{\"user_id\":\"alice\",\"message\":\"hi\"}", type);
            assertThat(chat.status()).isEqualTo(415);
            assertThat(chat.header("Content-Type")).startsWith("application/problem+json");
        }
        RawHttp.Reply none = raw.send("POST", "/v1/messages", messages);
        assertThat(none.status()).as(none.body()).isEqualTo(415);
        assertThat(traces()).isEqualTo(tracesBefore);
        // JSON with a charset, and +json types, are JSON; a POST without a body needs no type.
        assertThat(raw.send("POST", "/v1/messages", messages, "Content-Type: application/json; charset=utf-8").status()).isEqualTo(200);
        assertThat(raw.send("POST", "/runs/run_nope/cancel?user_id=alice", null).status()).isEqualTo(404);
    }

    private static int traces() {
        java.nio.file.Path dir = VOLUMES.resolve("users/local/traces");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return (int) files.filter(Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
