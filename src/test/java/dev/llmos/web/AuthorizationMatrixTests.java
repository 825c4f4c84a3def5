package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;

/**
 * Every route × every kind of caller, in token mode, each cell asserted. The routes come from the
 * server's own mapping: a route without a row fails the build. Requests aim at the owner's (alice's)
 * resources unless the row says otherwise; a refused request must leave every volume's head and the
 * access file exactly as they were.
 */
class AuthorizationMatrixTests extends TokenServer {

    /** The callers, in the column order of the expectations. */
    enum Who { ANONYMOUS, OWNER, MEMBER, MAINTAINER, OTHER_TEAM, ADMIN, READ_ONLY, REVOKED }

    /** One request to send; {@code entry} is REST or SSE. */
    record Call(String method, String path, String body, String entry) {
        static Call get(String path) {
            return new Call("GET", path, null, "REST");
        }

        static Call delete(String path) {
            return new Call("DELETE", path, null, "REST");
        }

        static Call post(String path, String body) {
            return new Call("POST", path, body, "REST");
        }

        static Call put(String path, String body) {
            return new Call("PUT", path, body, "REST");
        }
    }

    /** A row: the route it covers, what it aims at, how to build the call (fresh per cell), and the expected statuses. */
    record Row(String route, String aim, Function<Fixture, Call> call, String expected) {
        int expected(Who who) {
            return Integer.parseInt(expected.trim().split("\\s+")[who.ordinal()]);
        }
    }

    private static final Map<Who, String> TOKENS = new EnumMap<>(Who.class);
    private static String aliceTrace;

    @Autowired
    dev.llmos.volume.VolumeStore volumes;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    /** Builds what a cell needs, as the owner or the maintainer, through the API itself. */
    final class Fixture {
        private final AtomicInteger counter = new AtomicInteger();
        final Http owner = http().bearer(TOKENS.get(Who.OWNER));
        final Http maintainer = http().bearer(TOKENS.get(Who.MAINTAINER));

        String aliceSkill() {
            String id = "alice-" + counter.incrementAndGet() + "-" + System.nanoTime();
            assertThat(owner.post("/skills", skillBody(id, "users/alice")).status()).isEqualTo(201);
            return id;
        }

        String teamSkill() {
            String id = "red-" + counter.incrementAndGet() + "-" + System.nanoTime();
            assertThat(maintainer.post("/skills", skillBody(id, "teams/red")).status()).isEqualTo(201);
            return id;
        }

        String head(String volumePath) {
            return owner.get("/volumes/" + volumePath + "/history?limit=1").json().get("commits").get(0).get("id").asString();
        }

        String traceId() {
            return aliceTrace;
        }

        /** A fresh conversation of alice's (one offline chat). */
        String aliceConversation() {
            var chat = owner.post("/chat", "{\"message\":\"conversation " + counter.incrementAndGet() + "\"}");
            assertThat(chat.status()).isEqualTo(200);
            return chat.json().get("conversation_id").asString();
        }

        String newUser() {
            String id = "u" + counter.incrementAndGet() + "x" + System.nanoTime();
            accounts().addUser(id, false);
            return id;
        }

        String redMember() {
            String id = newUser();
            accounts().setMember("red", id, TeamRole.MEMBER);
            return id;
        }

        String aliceSpareToken() {
            return accounts().createToken("alice", Scope.READ, "spare").token().id();
        }

        /** A fresh agent in alice's volume. */
        String aliceAgent() {
            String name = unique("alice-agent-");
            var put = owner.put("/agents/" + name, "{\"volume\":\"users/alice\",\"content\":\"---\\ndescription: Canary agent\\n---\\nDo it.\\n\"}");
            assertThat(put.status()).as(put.body()).isEqualTo(201);
            return name;
        }

        /** Alice asks to promote a fresh skill of hers into team red. */
        String promotion() {
            var opened = owner.post("/skills/promote", "{\"skill_id\":\"" + aliceSkill() + "\",\"reason\":\"useful to red\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            return opened.json().get("id").asString();
        }

        String mergedPromotion() {
            String id = promotion();
            assertThat(maintainer.post("/promotions/" + id + "/approve", "{}").status()).isEqualTo(200);
            return id;
        }

        /** Mike (a maintainer of red) asks to promote a fresh team skill into system. */
        String teamPromotion() {
            var opened = maintainer.post("/skills/promote", "{\"skill_id\":\"" + teamSkill()
                    + "\",\"reason\":\"useful to all\",\"from\":\"teams/red\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            return opened.json().get("id").asString();
        }

        /** A draft in alice's volume, as evolution writes them (a SKILL.md with status: draft). */
        String aliceDraft() {
            String id = unique("draft-");
            var made = owner.post("/skills", "{\"skill_id\":\"" + id + "\",\"name\":\"" + id + "\",\"format\":\"agent-skill\","
                    + "\"description\":\"Use when testing drafts\",\"content\":\"## Steps\\n1. draft\\n\",\"metadata\":{\"status\":\"draft\"}}");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            return id;
        }

        String unique(String prefix) {
            return prefix + counter.incrementAndGet() + "x" + System.nanoTime();
        }

        /** A finished agent run of alice's: its one trace, written to her volume as a run writes it. */
        String aliceRun() {
            String id = String.format(java.util.Locale.ROOT, "trace_20260102_030405_%08x", counter.incrementAndGet());
            String trace = "{\"id\":\"" + id + "\",\"time\":\"2026-01-02T03:04:05Z\",\"user_id\":\"alice\","
                    + "\"conversation_id\":\"" + id + "\",\"source\":\"agent\",\"request\":\"plan\",\"response\":\"done\","
                    + "\"cost_usd\":0,\"latency_ms\":1,\"outcome\":\"ok\",\"run_id\":\"" + id + "\",\"agent\":\"orchestrator\"}";
            volumes.open(dev.llmos.volume.VolumeId.user("alice")).commit(dev.llmos.volume.Author.user("alice"), "Trace " + id,
                    List.of(new dev.llmos.volume.FileChange.Put("traces/2026/01/02/" + id + ".json",
                            trace.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            return id;
        }
    }

    static String skillBody(String id, String volume) {
        return "{\"skill_id\":\"" + id + "\",\"name\":\"Canary " + id + "\",\"description\":\"Use when testing access to "
                + id + "\",\"content\":\"## Steps\\n1. canary\\n\",\"volume\":\"" + volume + "\"}";
    }

    private static final String RESOLVE = "{\"saved_as\":\"conflicts/skills/x.md@000000000000\",\"keep\":\"local\"}";

    //                                 anon owner member maint other admin read revoked
    static List<Row> rows() {
        return List.of(
                new Row("GET /skills", "the caller's merged view", f -> Call.get("/skills"), "401 200 200 200 200 200 200 401"),
                new Row("POST /skills", "users/alice", f -> Call.post("/skills", skillBody(f.unique("n"), "users/alice")),
                        "401 201 404 404 404 404 403 401"),
                new Row("POST /skills", "teams/red", f -> Call.post("/skills", skillBody(f.unique("t"), "teams/red")),
                        "401 403 403 201 404 404 403 401"),
                new Row("POST /skills", "system", f -> Call.post("/skills", skillBody(f.unique("s"), "system")),
                        "401 403 403 403 403 201 403 401"),
                new Row("POST /skills/import", "users/alice", f -> Call.post("/skills/import", "{\"volume\":\"users/alice\",\"files\":[{\"path\":\""
                        + f.unique("imp") + ".mdc\",\"content\":\"---\\ndescription: Use when importing\\n---\\nImported.\\n\"}]}"),
                        "401 201 404 404 404 404 403 401"),
                new Row("GET /skills/templates", "system templates", f -> Call.get("/skills/templates"),
                        "401 200 200 200 200 200 200 401"),
                new Row("GET /skills/{id}", "alice's skill", f -> Call.get("/skills/" + f.aliceSkill() + "?volume=users/alice"),
                        "401 200 404 404 404 404 200 401"),
                new Row("GET /skills/{id}", "team red's skill", f -> Call.get("/skills/" + f.teamSkill() + "?volume=teams/red"),
                        "401 200 200 200 404 404 200 401"),
                new Row("PUT /skills/{id}", "alice's skill", f -> Call.put("/skills/" + f.aliceSkill(),
                        "{\"name\":\"Changed\",\"description\":\"Use when changed\",\"volume\":\"users/alice\"}"),
                        "401 200 404 404 404 404 403 401"),
                new Row("PUT /skills/{id}", "team red's skill", f -> Call.put("/skills/" + f.teamSkill(),
                        "{\"name\":\"Changed\",\"description\":\"Use when changed\",\"volume\":\"teams/red\"}"),
                        "401 403 403 200 404 404 403 401"),
                new Row("DELETE /skills/{id}", "alice's skill", f -> Call.delete("/skills/" + f.aliceSkill() + "?volume=users/alice"),
                        "401 200 404 404 404 404 403 401"),
                new Row("GET /skills/{id}/history", "alice's skill",
                        f -> Call.get("/skills/" + f.aliceSkill() + "/history?volume=users/alice"),
                        "401 200 404 404 404 404 200 401"),
                new Row("POST /skills/{id}/revert", "alice's skill", f -> {
                    String id = f.aliceSkill();
                    String first = f.head("users/alice");
                    f.owner.put("/skills/" + id, "{\"name\":\"Later\",\"description\":\"Use later\"}");
                    return Call.post("/skills/" + id + "/revert", "{\"commit\":\"" + first + "\",\"volume\":\"users/alice\"}");
                }, "401 200 404 404 404 404 403 401"),
                new Row("GET /volumes", "the caller's volumes", f -> Call.get("/volumes"), "401 200 200 200 200 200 200 401"),
                new Row("GET /volumes/system/history", "system", f -> Call.get("/volumes/system/history"),
                        "401 200 200 200 200 200 200 401"),
                new Row("GET /volumes/{kind}/{name}/history", "users/alice", f -> Call.get("/volumes/users/alice/history"),
                        "401 200 404 404 404 404 200 401"),
                new Row("GET /volumes/{kind}/{name}/history", "teams/red", f -> Call.get("/volumes/teams/red/history"),
                        "401 200 200 200 404 404 200 401"),
                new Row("GET /volumes/system/diff/{commit}", "system head",
                        f -> Call.get("/volumes/system/diff/" + f.head("system")), "401 200 200 200 200 200 200 401"),
                new Row("GET /volumes/{kind}/{name}/diff/{commit}", "users/alice head",
                        f -> Call.get("/volumes/users/alice/diff/" + f.head("users/alice")), "401 200 404 404 404 404 200 401"),
                new Row("GET /volumes/{kind}/{name}/diff/{commit}", "teams/red head",
                        f -> Call.get("/volumes/teams/red/diff/" + f.head("teams/red")), "401 200 200 200 404 404 200 401"),
                // Sync is off in this server (no LLMOS_GIT_REMOTE): whoever may sync gets 409, after the access check.
                new Row("POST /volumes/system/sync", "system", f -> Call.post("/volumes/system/sync", "{}"),
                        "401 403 403 403 403 409 403 401"),
                new Row("POST /volumes/{kind}/{name}/sync", "users/alice", f -> Call.post("/volumes/users/alice/sync", "{}"),
                        "401 409 404 404 404 404 403 401"),
                new Row("POST /volumes/{kind}/{name}/sync", "teams/red", f -> Call.post("/volumes/teams/red/sync", "{}"),
                        "401 403 403 409 404 404 403 401"),
                new Row("GET /volumes/system/conflicts", "system", f -> Call.get("/volumes/system/conflicts"),
                        "401 200 200 200 200 200 200 401"),
                new Row("GET /volumes/{kind}/{name}/conflicts", "users/alice", f -> Call.get("/volumes/users/alice/conflicts"),
                        "401 200 404 404 404 404 200 401"),
                new Row("GET /volumes/{kind}/{name}/conflicts", "teams/red", f -> Call.get("/volumes/teams/red/conflicts"),
                        "401 200 200 200 404 404 200 401"),
                new Row("POST /volumes/system/conflicts/resolve", "system (no such conflict)", f -> Call.post(
                        "/volumes/system/conflicts/resolve", RESOLVE), "401 403 403 403 403 404 403 401"),
                new Row("POST /volumes/{kind}/{name}/conflicts/resolve", "users/alice (no such conflict)", f -> Call.post(
                        "/volumes/users/alice/conflicts/resolve", RESOLVE), "401 404 404 404 404 404 403 401"),
                new Row("POST /volumes/{kind}/{name}/conflicts/resolve", "teams/red (no such conflict)", f -> Call.post(
                        "/volumes/teams/red/conflicts/resolve", RESOLVE), "401 403 403 404 404 404 403 401"),
                // Signed by the git server, not a bearer token; off here, so it answers as if it did not exist.
                new Row("POST /sync/webhook", "a push event", f -> Call.post("/sync/webhook", "{\"repository\":{\"name\":\"users-alice\"}}"),
                        "404 404 404 404 404 404 404 401"),
                new Row("POST /chat", "as the caller", f -> Call.post("/chat", "{\"message\":\"hello\"}"),
                        "401 200 200 200 200 200 403 401"),
                new Row("POST /chat", "claiming to be alice", f -> Call.post("/chat", "{\"user_id\":\"alice\",\"message\":\"hello\"}"),
                        "401 200 403 403 403 403 403 401"),
                new Row("POST /chat/stream", "as the caller",
                        f -> new Call("POST", "/chat/stream", "{\"message\":\"hello\"}", "SSE"),
                        "401 200 200 200 200 200 403 401"),
                new Row("GET /traces", "the caller's traces", f -> Call.get("/traces"), "401 200 200 200 200 200 200 401"),
                new Row("GET /traces/{id}", "alice's trace", f -> Call.get("/traces/" + f.traceId()),
                        "401 200 404 404 404 404 200 401"),
                new Row("POST /traces/{id}/feedback", "alice's trace",
                        f -> Call.post("/traces/" + f.traceId() + "/feedback", "{\"rating\":\"up\"}"),
                        "401 200 404 404 404 404 403 401"),
                // Conversations (issue 23): the caller's own alone; renaming and deleting need a write credential.
                new Row("GET /conversations", "the caller's conversations", f -> Call.get("/conversations"),
                        "401 200 200 200 200 200 200 401"),
                new Row("GET /conversations/{id}", "alice's conversation", f -> Call.get("/conversations/" + f.aliceConversation()),
                        "401 200 404 404 404 404 200 401"),
                new Row("PUT /conversations/{id}/title", "alice's conversation",
                        f -> Call.put("/conversations/" + f.aliceConversation() + "/title", "{\"title\":\"Renamed\"}"),
                        "401 200 404 404 404 404 403 401"),
                new Row("DELETE /conversations/{id}", "alice's conversation", f -> Call.delete("/conversations/" + f.aliceConversation()),
                        "401 200 404 404 404 404 403 401"),
                new Row("GET /models", "the configured provider's models", f -> Call.get("/models"),
                        "401 200 200 200 200 200 200 401"),
                // Agents (issue 9): listing reads the caller's layers; a run needs a write credential and a model
                // that calls tools (none here: 409 once access is granted); runs are their owner's alone.
                new Row("GET /agents", "the caller's merged view", f -> Call.get("/agents"), "401 200 200 200 200 200 200 401"),
                new Row("GET /agents/{name}", "a system agent", f -> Call.get("/agents/orchestrator"),
                        "401 200 200 200 200 200 200 401"),
                new Row("PUT /agents/{name}", "alice's volume", f -> Call.put("/agents/" + f.unique("agent-"),
                        "{\"volume\":\"users/alice\",\"content\":\"---\\ndescription: Canary agent\\n---\\nDo it.\\n\"}"),
                        "401 201 404 404 404 404 403 401"),
                new Row("PUT /agents/{name}", "team red's volume", f -> Call.put("/agents/" + f.unique("agent-"),
                        "{\"volume\":\"teams/red\",\"content\":\"---\\ndescription: Canary agent\\n---\\nDo it.\\n\"}"),
                        "401 403 403 201 404 404 403 401"),
                new Row("POST /agents/{name}/run", "as the caller (no model that calls tools here)",
                        f -> Call.post("/agents/orchestrator/run", "{\"task\":\"plan a picnic\"}"),
                        "401 409 409 409 409 409 403 401"),
                new Row("GET /runs/{id}", "alice's run", f -> Call.get("/runs/" + f.aliceRun()), "401 200 404 404 404 404 200 401"),
                new Row("POST /runs/{id}/cancel", "alice's finished run", f -> Call.post("/runs/" + f.aliceRun() + "/cancel", "{}"),
                        "401 404 404 404 404 404 403 401"),
                new Row("GET /usage", "the caller's usage", f -> Call.get("/usage"), "401 200 200 200 200 200 200 401"),
                new Row("GET /usage", "alice's usage", f -> Call.get("/usage?for_user=alice"), "401 200 404 404 404 200 200 401"),
                new Row("GET /health", "public", f -> Call.get("/health"), "200 200 200 200 200 200 200 401"),
                new Row("GET /", "the web UI's page (public)", f -> Call.get("/"), "200 200 200 200 200 200 200 401"),
                new Row("GET /ui", "the web UI's page (public)", f -> Call.get("/ui"), "200 200 200 200 200 200 200 401"),
                new Row("GET /ui/**", "a web UI route (public)", f -> Call.get("/ui/skills/alice-first"),
                        "200 200 200 200 200 200 200 401"),
                new Row("GET /me", "the caller", f -> Call.get("/me"), "401 200 200 200 200 200 200 401"),
                new Row("GET /users", "everyone", f -> Call.get("/users"), "401 403 403 403 403 200 403 401"),
                new Row("POST /users", "a new user", f -> Call.post("/users", "{\"new_user_id\":\"" + f.unique("nu") + "\"}"),
                        "401 403 403 403 403 201 403 401"),
                new Row("GET /teams", "the caller's teams", f -> Call.get("/teams"), "401 200 200 200 200 200 200 401"),
                new Row("POST /teams", "a new team", f -> Call.post("/teams", "{\"new_team_id\":\"" + f.unique("nt") + "\"}"),
                        "401 403 403 403 403 201 403 401"),
                new Row("PUT /teams/{team}/members/{member}", "team red",
                        f -> Call.put("/teams/red/members/" + f.newUser(), "{\"role\":\"member\"}"),
                        "401 403 403 200 404 200 403 401"),
                new Row("DELETE /teams/{team}/members/{member}", "team red",
                        f -> Call.delete("/teams/red/members/" + f.redMember()), "401 403 403 200 404 200 403 401"),
                new Row("GET /tokens", "the caller's tokens", f -> Call.get("/tokens"), "401 200 200 200 200 200 200 401"),
                new Row("GET /tokens", "everyone's tokens", f -> Call.get("/tokens?all=true"), "401 403 403 403 403 200 403 401"),
                new Row("POST /tokens", "for the caller", f -> Call.post("/tokens", "{\"scope\":\"read\",\"name\":\"t\"}"),
                        "401 201 201 201 201 201 403 401"),
                new Row("POST /tokens", "for alice", f -> Call.post("/tokens", "{\"for_user\":\"alice\",\"scope\":\"read\"}"),
                        "401 201 403 403 403 201 403 401"),
                new Row("DELETE /tokens/{id}", "alice's token", f -> Call.delete("/tokens/" + f.aliceSpareToken()),
                        "401 200 404 404 404 200 200 401"),
                new Row("POST /skills/promote", "alice's skill to team red", f -> Call.post("/skills/promote",
                        "{\"skill_id\":\"" + f.aliceSkill() + "\",\"reason\":\"r\",\"from\":\"users/alice\",\"to\":\"teams/red\"}"),
                        "401 201 404 404 404 404 403 401"),
                new Row("POST /agents/{name}/promote", "alice's agent to team red", f -> Call.post("/agents/" + f.aliceAgent()
                        + "/promote", "{\"reason\":\"r\",\"from\":\"users/alice\",\"to\":\"teams/red\"}"),
                        "401 201 404 404 404 404 403 401"),
                new Row("GET /promotions", "the caller's inbox and outbox", f -> Call.get("/promotions"),
                        "401 200 200 200 200 200 200 401"),
                new Row("GET /promotions/{id}", "alice's request to red", f -> Call.get("/promotions/" + f.promotion()),
                        "401 200 200 200 404 404 200 401"),
                new Row("GET /promotions/{id}/diff", "alice's request to red",
                        f -> Call.get("/promotions/" + f.promotion() + "/diff"), "401 200 200 200 404 404 200 401"),
                new Row("POST /promotions/{id}/comments", "alice's request to red",
                        f -> Call.post("/promotions/" + f.promotion() + "/comments", "{\"text\":\"looks good\"}"),
                        "401 200 200 200 404 404 403 401"),
                new Row("POST /promotions/{id}/approve", "alice's request to red",
                        f -> Call.post("/promotions/" + f.promotion() + "/approve", "{}"), "401 403 403 200 404 404 403 401"),
                new Row("POST /promotions/{id}/approve", "red's request to system",
                        f -> Call.post("/promotions/" + f.teamPromotion() + "/approve", "{}"), "401 403 403 403 404 200 403 401"),
                new Row("POST /promotions/{id}/reject", "alice's request to red",
                        f -> Call.post("/promotions/" + f.promotion() + "/reject", "{\"reason\":\"not yet\"}"),
                        "401 403 403 200 404 404 403 401"),
                new Row("POST /promotions/{id}/withdraw", "alice's request to red",
                        f -> Call.post("/promotions/" + f.promotion() + "/withdraw", "{}"), "401 200 403 403 404 404 403 401"),
                new Row("POST /promotions/{id}/revert", "alice's merged request to red",
                        f -> Call.post("/promotions/" + f.mergedPromotion() + "/revert", "{\"reason\":\"broke things\"}"),
                        "401 403 403 200 404 404 403 401"),
                new Row("POST /evolve", "the caller's traces", f -> Call.post("/evolve", "{}"), "401 200 200 200 200 200 403 401"),
                // Admins neither read other users' traces nor write their volumes (docs/security.md).
                new Row("POST /evolve", "alice's traces (for_user)", f -> Call.post("/evolve", "{\"for_user\":\"alice\"}"),
                        "401 200 404 404 404 403 403 401"),
                new Row("POST /evolve", "claiming to be alice", f -> Call.post("/evolve", "{\"user_id\":\"alice\"}"),
                        "401 200 403 403 403 403 403 401"),
                new Row("GET /evolution/runs", "the caller's runs", f -> Call.get("/evolution/runs"), "401 200 200 200 200 200 200 401"),
                new Row("GET /evolution/runs", "alice's runs (for_user)", f -> Call.get("/evolution/runs?for_user=alice"),
                        "401 200 404 404 404 200 200 401"),
                new Row("GET /evolution/drafts", "the caller's drafts", f -> Call.get("/evolution/drafts"),
                        "401 200 200 200 200 200 200 401"),
                new Row("GET /evolution/drafts/{id}", "alice's draft", f -> Call.get("/evolution/drafts/" + f.aliceDraft()),
                        "401 200 404 404 404 404 200 401"),
                new Row("POST /evolution/drafts/{id}/accept", "alice's draft",
                        f -> Call.post("/evolution/drafts/" + f.aliceDraft() + "/accept", "{}"), "401 200 404 404 404 404 403 401"),
                new Row("POST /evolution/drafts/{id}/reject", "alice's draft",
                        f -> Call.post("/evolution/drafts/" + f.aliceDraft() + "/reject", "{\"reason\":\"no\"}"),
                        "401 200 404 404 404 404 403 401"),
                // Compatibility endpoints and MCP (issue 7): the caller acts as themselves; no model here, so offline answers.
                new Row("POST /v1/messages", "as the caller", f -> new Call("POST", "/v1/messages",
                        "{\"model\":\"claude-x\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}", "COMPAT"),
                        "401 200 200 200 200 200 403 401"),
                new Row("POST /v1/messages", "streamed, as the caller", f -> new Call("POST", "/v1/messages",
                        "{\"model\":\"claude-x\",\"max_tokens\":8,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
                        "COMPAT"), "401 200 200 200 200 200 403 401"),
                new Row("POST /v1/messages/count_tokens", "as the caller", f -> new Call("POST", "/v1/messages/count_tokens",
                        "{\"model\":\"claude-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}", "COMPAT"),
                        "401 200 200 200 200 200 200 401"),
                new Row("POST /v1/chat/completions", "as the caller", f -> new Call("POST", "/v1/chat/completions",
                        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}", "COMPAT"),
                        "401 200 200 200 200 200 403 401"),
                new Row("POST /v1/responses", "as the caller", f -> new Call("POST", "/v1/responses",
                        "{\"model\":\"gpt-x\",\"input\":\"hello\"}", "COMPAT"), "401 200 200 200 200 200 403 401"),
                new Row("GET /v1/models", "configured models", f -> new Call("GET", "/v1/models", null, "COMPAT"),
                        "401 200 200 200 200 200 200 401"),
                new Row("GET /v1/models/{id}", "a configured model", f -> new Call("GET", "/v1/models/none", null,
                        "COMPAT"), "401 200 200 200 200 200 200 401"),
                new Row("POST /mcp", "initialize", f -> new Call("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"m\",\"version\":\"1\"}}}",
                        "MCP"), "401 200 200 200 200 200 200 401"),
                new Row("POST /mcp", "reading alice's skill (others get a JSON-RPC error, not her skill)", f -> new Call("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,"
                        + "\"method\":\"resources/read\",\"params\":{\"uri\":\"skill://alice-first\"}}", "MCP"),
                        "401 200 200 200 200 200 200 401"));
    }

    @BeforeEach
    void people() {
        synchronized (TOKENS) {
            if (!TOKENS.isEmpty()) {
                return;
            }
            Accounts accounts = accounts();
            for (String user : List.of("alice", "rita", "mike", "bob")) {
                accounts.addUser(user, false);
            }
            accounts.addUser("root", true);
            accounts.addTeam("red");
            accounts.addTeam("blue");
            accounts.setMember("red", "alice", TeamRole.MEMBER);
            accounts.setMember("red", "rita", TeamRole.MEMBER);
            accounts.setMember("red", "mike", TeamRole.MAINTAINER);
            accounts.setMember("blue", "bob", TeamRole.MAINTAINER);
            TOKENS.put(Who.OWNER, accounts.createToken("alice", Scope.WRITE, "owner").secret());
            TOKENS.put(Who.MEMBER, accounts.createToken("rita", Scope.WRITE, "member").secret());
            TOKENS.put(Who.MAINTAINER, accounts.createToken("mike", Scope.WRITE, "maintainer").secret());
            TOKENS.put(Who.OTHER_TEAM, accounts.createToken("bob", Scope.WRITE, "other").secret());
            TOKENS.put(Who.ADMIN, accounts.createToken("root", Scope.ADMIN, "admin").secret());
            TOKENS.put(Who.READ_ONLY, accounts.createToken("alice", Scope.READ, "read").secret());
            var revoked = accounts.createToken("alice", Scope.WRITE, "revoked");
            accounts.revoke(revoked.token().id());
            TOKENS.put(Who.REVOKED, revoked.secret());
            Http owner = http().bearer(TOKENS.get(Who.OWNER));
            assertThat(owner.post("/skills", skillBody("alice-first", "users/alice")).status()).isEqualTo(201);
            assertThat(http().bearer(TOKENS.get(Who.MAINTAINER)).post("/skills", skillBody("red-first", "teams/red")).status())
                    .isEqualTo(201);
            var chat = owner.post("/chat", "{\"message\":\"hello from alice\"}");
            assertThat(chat.status()).isEqualTo(200);
            aliceTrace = chat.json().get("trace_id").asString();
        }
    }

    /** "METHOD /pattern" of every route LLMos itself serves. */
    private java.util.Set<String> routes() {
        java.util.Set<String> out = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getPackageName().startsWith("dev.llmos")) {
                continue;
            }
            for (var method : e.getKey().getMethodsCondition().getMethods()) {
                for (String pattern : e.getKey().getPathPatternsCondition().getPatternValues()) {
                    out.add(method.name() + " " + pattern);
                }
            }
        }
        return out;
    }

    @Test
    void everyRouteHasARow() {
        java.util.Set<String> covered = new TreeSet<>();
        rows().forEach(r -> covered.add(r.route()));
        assertThat(covered).as("routes without a row in the authorization matrix").containsAll(routes());
        assertThat(routes()).as("rows for routes that no longer exist").containsAll(covered);
    }

    @Test
    void everyCellAnswersAsExpected() {
        Fixture fixture = new Fixture();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> byEntry = new TreeMap<>();
        int cells = 0;
        for (Row row : rows()) {
            for (Who who : Who.values()) {
                Call call = row.call().apply(fixture);
                Map<String, String> before = state();
                Http client = who == Who.ANONYMOUS ? http() : http().bearer(TOKENS.get(who));
                Http.Reply reply = send(client, call);
                int want = row.expected(who);
                cells++;
                byEntry.merge(call.entry(), 1, Integer::sum);
                if (reply.status() != want) {
                    failures.add(row.route() + " [" + row.aim() + "] as " + who + ": expected " + want + ", got "
                            + reply.status() + " " + abbreviate(reply.body()));
                    continue;
                }
                if (want >= 400) {
                    if (!reply.contentType().startsWith("application/problem+json")) {
                        failures.add(row.route() + " [" + row.aim() + "] as " + who + ": " + want + " without problem+json");
                    }
                    Map<String, String> after = state();
                    if (!after.equals(before)) {
                        failures.add(row.route() + " [" + row.aim() + "] as " + who + ": refused but something changed: "
                                + diff(before, after));
                    }
                }
            }
        }
        String line = "Authorization matrix: " + routes().size() + " routes, " + rows().size() + " rows, "
                + Who.values().length + " callers, " + cells + " cells (" + String.join(", ", byEntry.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).toList()) + ")";
        System.out.println(line);
        assertThat(failures).isEmpty();
        // The doc's figures are this line, not typed by hand: when routes or rows change, paste it there.
        assertThat(readDoc("docs/security.md")).as("docs/security.md must quote the line this test prints").contains(line);
    }

    private static String readDoc(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Http.Reply send(Http client, Call call) {
        return switch (call.method()) {
            case "GET" -> client.get(call.path());
            case "DELETE" -> client.delete(call.path());
            case "POST" -> client.post(call.path(), call.body());
            case "PUT" -> client.put(call.path(), call.body());
            default -> throw new IllegalArgumentException(call.method());
        };
    }

    /** The head of every volume and the bytes of the access file. */
    private static Map<String, String> state() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> gits = Files.find(VOLUMES, 3, (p, a) -> p.getFileName().toString().equals(".git"))) {
            for (Path git : gits.sorted().toList()) {
                try (Repository repo = new FileRepositoryBuilder().setGitDir(git.toFile()).build()) {
                    ObjectId head = repo.resolve("HEAD");
                    out.put(VOLUMES.relativize(git.getParent()).toString(), head == null ? "-" : head.name());
                }
            }
            Path access = VOLUMES.resolve(".access/access.json");
            out.put(".access", Files.exists(access) ? Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(access))) : "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String diff(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        after.forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                changed.add(k);
            }
        });
        return changed.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
