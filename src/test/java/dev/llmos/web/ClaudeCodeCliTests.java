package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * The real Claude Code CLI through LLMos in token mode, the upstream a fake Anthropic API that answers
 * in the exact wire format (and with {@code tool_use} when told): the skills reach the model for
 * ordinary coding requests, a tool loop is one task, unrelated sessions teach evolution nothing, and a
 * wrong token fails in seconds.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClaudeCodeCliTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-claude-code-");
    static final Path CLIENTS = Path.of("clients").toAbsolutePath();
    static String alice;
    static String bob;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("llmos.auth", () -> "token");
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void users() {
        Accounts accounts = new Accounts(VOLUMES, Clock.systemUTC());
        accounts.addUser("alice", false);
        accounts.addUser("bob", false);
        alice = accounts.createToken("alice", Scope.WRITE, "claude code").secret();
        bob = accounts.createToken("bob", Scope.WRITE, "claude code").secret();
    }

    @BeforeEach
    void reset() {
        ANTHROPIC.reset();
        ANTHROPIC.setDefaultReply(FakeReply.text("Here you are."));
    }

    private ClaudeCodeCli claude(String token) throws Exception {
        return ClaudeCodeCli.install(CLIENTS, "http://127.0.0.1:" + port, token);
    }

    @Test
    void ordinaryCodingRequestsReachTheModelWithTheirSkills() throws Exception {
        ClaudeCodeCli cli = claude(alice);
        for (String[] ask : new String[][] {
                {"Write a Python function to calculate Fibonacci numbers", "python-coding"},
                {"Write a SQL query that counts orders per customer", "sql-queries"},
                {"Add unit tests for the date parser with pytest", "unit-testing"}}) {
            CliRun run = cli.prompt(ask[0], Map.of("CLAUDE.md", "# Project rules\nUse tabs.\n"));
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(Http.JSON.readTree(run.stdout()).path("result").asString()).isEqualTo("Here you are.");
            RecordedRequest upstream = ANTHROPIC.lastRequest();
            assertThat(upstream.json().path("system").toString()).as(ask[0]).contains("<skill id=\\\"" + ask[1] + "\\\"");
            System.out.println("claude-code: '" + ask[0] + "' reached the model with " + skillIds(upstream) + " in "
                    + run.millis() + " ms");
        }
    }

    @Test
    void aToolLoopIsOneTask() throws Exception {
        ANTHROPIC.enqueue(FakeReply.toolUse("toolu_ls", "Bash", "{\"command\":\"echo hello\",\"description\":\"say hello\"}"),
                FakeReply.text("The folder holds notes.txt."));
        String words = "List the files in this folder and tell me what they are";
        CliRun run = claude(alice).prompt(words, Map.of("notes.txt", "hello\n"), "--allowedTools", "Bash");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(Http.JSON.readTree(run.stdout()).path("result").asString()).isEqualTo("The folder holds notes.txt.");
        List<RecordedRequest> calls = ANTHROPIC.requests();
        assertThat(calls).as("the tool loop: a tool_use, then its result").hasSize(2);
        assertThat(calls.get(1).json().path("system").toString()).isEqualTo(calls.get(0).json().path("system").toString());

        JsonNode turn = AgentTrafficIntegrationTests.awaitTurn(new Http(port).bearer(alice), "alice", words, 1);
        assertThat(turn.path("trace").path("turn").path("client").asString()).startsWith("claude-cli/");
        System.out.println("claude-code: a tool loop of " + calls.size() + " model calls is listed as 1 trace with "
                + turn.path("steps").size() + " step(s)");
    }

    @Test
    void unrelatedSessionsDraftAndApplyNothing() throws Exception {
        ClaudeCodeCli cli = claude(bob);
        Http http = new Http(port).bearer(bob);
        for (String ask : List.of("Explain the difference between TCP and UDP", "Write a haiku about autumn rain",
                "Why does my React effect run twice?", "Draft an email declining a meeting")) {
            CliRun run = cli.prompt(ask, Map.of());
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        }
        JsonNode traces = AgentTrafficIntegrationTests.awaitTraces(http, "bob", 4).path("traces");
        traces.forEach(t -> assertThat(http.post("/traces/" + t.path("trace").path("id").asString() + "/feedback",
                "{\"rating\":\"up\"}").status()).isEqualTo(200));
        var evolve = http.post("/evolve", "{\"auto_apply\":true}");
        assertThat(evolve.status()).as(evolve.body()).isEqualTo(200);
        assertThat(evolve.json().path("skills_created").asInt()).as(evolve.body()).isZero();
        assertThat(evolve.json().path("applied").asInt()).isZero();

        CliRun party = cli.prompt("Plan a birthday party for my cat", Map.of());
        assertThat(party.exitCode()).isZero();
        List<String> bobsOwn = new java.util.ArrayList<>();
        http.get("/skills").json().path("skills").forEach(sk -> {
            if (!"system".equals(sk.path("volume").asString())) {
                bobsOwn.add(sk.path("id").asString());
            }
        });
        assertThat(bobsOwn).as("nothing was written into bob's volume").isEmpty();
        System.out.println("claude-code: 4 unrelated sessions rated good -> " + evolve.json().path("skills_created").asInt()
                + " drafts, " + evolve.json().path("applied").asInt() + " applied; later request's skills: "
                + skillIds(ANTHROPIC.lastRequest()));
    }

    @Test
    void aWrongTokenFailsInSeconds() throws Exception {
        CliRun run = claude("llmos_this-token-was-never-issued-000000").prompt("Say hello", Map.of());
        System.out.println("claude-code: a wrong token ended the CLI with exit " + run.exitCode() + " after " + run.millis() + " ms");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.millis()).as("no retries with back-off (x-should-retry: false)").isLessThan(30_000);
        assertThat(ANTHROPIC.requestCount()).isZero();
    }

    @Test
    void claudeMcpAddConnectsWithATokenAndSaysWhatIsMissingWithout() throws Exception {
        ClaudeCodeCli cli = claude(alice);
        Path home = java.nio.file.Files.createTempDirectory("llmos-claude-mcp-");
        Path work = java.nio.file.Files.createTempDirectory("llmos-claude-mcp-work-");
        String url = "http://127.0.0.1:" + port + "/mcp";
        assertThat(cli.run(home, work, "mcp", "add", "--transport", "http", "bare", url).exitCode()).isZero();
        assertThat(cli.run(home, work, "mcp", "add", "--transport", "http", "llmos", url, "--header",
                "Authorization: Bearer " + alice).exitCode()).isZero();
        CliRun list = cli.run(home, work, "mcp", "list");
        System.out.println("claude-code: claude mcp list\n" + list.stdout());
        assertThat(list.stdout()).containsPattern("llmos: .*Connected");
        assertThat(list.stdout()).containsPattern("bare: .*LLMos does not offer OAuth");
    }

    private static String skillIds(RecordedRequest request) {
        List<String> ids = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<skill id=\\\\\"([a-z0-9-]+)\\\\\"")
                .matcher(request.json().path("system").toString());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids.toString();
    }
}
