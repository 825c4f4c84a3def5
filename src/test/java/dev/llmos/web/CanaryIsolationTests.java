package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;

/**
 * Each tenant plants a canary string in a skill and in its chats. After a concurrent mixed
 * workload, no other tenant sees another's canary anywhere: listings, search, selection, the
 * context sent to the model (including skills the model asks for by name), traces, usage, history.
 * Token mode, with semantic selection on and "Anthropic" a local fake that records every request.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CanaryIsolationTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-canary-it-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.auth", () -> "token");
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "true");
        registry.add("ANTHROPIC_API_KEY", () -> "sk-ant-test-key-0123456789abcdef");
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("LLMOS_LLM_MAX_RETRIES", () -> "1");
    }

    @LocalServerPort
    int port;

    /** A tenant: a user, their team, a topic only they write about, and their canary. */
    record Tenant(String user, String team, String topic, String canary, String skill) {
        String teamCanary() {
            return canary + "-TEAM";
        }
    }

    static final List<Tenant> TENANTS = List.of(
            new Tenant("alice", "red", "quokka deployment pipeline", "CANARY-ALICE-7f3e91", "quokka-deploys"),
            new Tenant("bob", "blue", "narwhal invoice reconciliation", "CANARY-BOB-2c8d40", "narwhal-invoices"),
            new Tenant("carol", "green", "axolotl greenhouse irrigation", "CANARY-CAROL-b61a05", "axolotl-irrigation"));

    @Test
    void noTenantEverSeesAnothersCanary() throws Exception {
        Accounts accounts = new Accounts(VOLUMES, Clock.systemUTC());
        Map<String, Http> clients = new java.util.HashMap<>();
        for (Tenant t : TENANTS) {
            accounts.addUser(t.user(), false);
            accounts.addTeam(t.team());
            accounts.setMember(t.team(), t.user(), TeamRole.MAINTAINER);
            clients.put(t.user(), new Http(port).bearer(accounts.createToken(t.user(), Scope.WRITE, "canary").secret()));
        }
        // Each plants a canary in a personal skill and a team skill about its own topic.
        for (Tenant t : TENANTS) {
            Http http = clients.get(t.user());
            assertThat(http.post("/skills", skill(t.skill(), t.topic(), t.canary(), "user")).status()).isEqualTo(201);
            assertThat(http.post("/skills", skill(t.skill() + "-team", t.topic(), t.teamCanary(), "team")).status()).isEqualTo(201);
        }
        // A mixed workload, concurrently: everyone chats about their own topic (with their canary in
        // the message) and about everyone else's topic (without it), and rates their answers.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Tenant t : TENANTS) {
                Http http = clients.get(t.user());
                work.add(pool.submit(() -> {
                    var mine = http.post("/chat", "{\"message\":\"How do I run the " + t.topic() + "? " + t.canary() + "\"}");
                    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
                    http.post("/traces/" + mine.json().get("trace_id").asString() + "/feedback", "{\"rating\":\"up\"}");
                    for (Tenant other : TENANTS) {
                        if (other != t) {
                            assertThat(http.post("/chat", "{\"message\":\"Explain the " + other.topic() + " step by step\"}")
                                    .status()).isEqualTo(200);
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();

        for (Tenant t : TENANTS) {
            Http http = clients.get(t.user());
            List<String> foreign = TENANTS.stream().filter(o -> o != t).map(Tenant::canary).toList();
            List<String> seen = new ArrayList<>();
            seen.add(http.get("/skills").body());
            for (Tenant other : TENANTS) {
                seen.add(http.get("/skills?q=" + other.skill()).body());
                seen.add(http.get("/skills/" + other.skill()).body());
                seen.add(http.get("/skills/" + other.skill() + "/history").body());
            }
            seen.add(http.get("/traces?limit=200").body());
            seen.add(http.get("/usage").body());
            seen.add(http.get("/volumes").body());
            seen.add(http.get("/volumes/users/" + t.user() + "/history?limit=200").body());
            seen.add(http.get("/volumes/teams/" + t.team() + "/history?limit=200").body());
            seen.add(http.get("/volumes/system/history?limit=200").body());
            seen.add(http.get("/me").body());
            seen.add(http.get("/tokens").body());
            // Selection and the model's context: a streamed chat on another's topic, with the
            // model asking for another tenant's skill by name.
            for (Tenant other : TENANTS) {
                if (other == t) {
                    continue;
                }
                int before = ANTHROPIC.requests().size();
                ANTHROPIC.enqueue(FakeReply.toolUse("toolu_canary", "load_skill", "{\"name\":\"" + other.skill() + "\"}"),
                        FakeReply.text("done"));
                seen.add(http.post("/chat/stream", "{\"message\":\"" + other.topic() + " " + other.skill() + "\"}").body());
                List<RecordedRequest> sent = ANTHROPIC.requests();
                for (RecordedRequest r : sent.subList(before, sent.size())) {
                    seen.add(r.body());
                }
            }
            // The drop-in endpoints and MCP: a coding agent's request on another's topic, and an
            // MCP client searching, loading and reading another's skill.
            for (Tenant other : TENANTS) {
                if (other == t) {
                    continue;
                }
                int before = ANTHROPIC.requests().size();
                seen.add(http.post("/v1/messages", "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":64,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"" + other.topic() + " " + other.skill() + "\"}]}").body());
                List<RecordedRequest> sent = ANTHROPIC.requests();
                for (RecordedRequest r : sent.subList(before, sent.size())) {
                    seen.add(r.body());
                }
                seen.add(mcp(http, "tools/call", "{\"name\":\"search_skills\",\"arguments\":{\"query\":\"" + other.topic() + "\"}}"));
                seen.add(mcp(http, "tools/call", "{\"name\":\"load_skill\",\"arguments\":{\"name\":\"" + other.skill() + "\"}}"));
                seen.add(mcp(http, "resources/read", "{\"uri\":\"skill://" + other.skill() + "\"}"));
                seen.add(mcp(http, "resources/read", "{\"uri\":\"skill://" + other.skill() + "/SKILL.md\"}"));
                seen.add(mcp(http, "skills/get", "{\"uri\":\"skill://" + other.skill() + "/SKILL.md\"}"));
            }
            seen.add(mcp(http, "resources/list", "{}"));
            seen.add(mcp(http, "skills/list", "{}"));
            seen.add(mcp(http, "prompts/list", "{}"));
            String everything = String.join("\n", seen);
            assertThat(everything).as("what %s can see", t.user()).doesNotContain(foreign);
            assertThat(everything).as("what %s can see", t.user())
                    .doesNotContain(TENANTS.stream().filter(o -> o != t).map(Tenant::teamCanary).toList());
            // And the canary is really there for its owner (the test can fail).
            assertThat(everything).contains(t.canary(), t.teamCanary());
        }
    }

    private static String mcp(Http http, String method, String params) {
        Http.Reply r = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String skill(String id, String topic, String canary, String volume) {
        return "{\"skill_id\":\"" + id + "\",\"name\":\"" + topic + "\",\"description\":\"Use for the "
                + topic + " (" + canary + ")\",\"keywords\":[\"" + topic.split(" ")[0] + "\"],\"content\":\"## Steps\\n1. "
                + canary + " first step of the " + topic + "\\n\",\"volume\":\"" + volume + "\"}";
    }
}
