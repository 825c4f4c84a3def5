package dev.llmos.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TurnReaderTests {

    private static final String CLAUDE_SESSION = "session:b1edf459-427e-4c60-a3b6-de94b2fe1669";

    @Test
    void claudeCodesFirstCallIsThePersonsWordsWithoutRemindersOrClaudeMd() {
        CapturedRequests first = CapturedRequests.load("claude-code-2.1.332-first-turn.json");
        Turn turn = TurnReader.anthropic(first.body(), first.headerLookup());
        assertThat(turn.text()).isEqualTo("List the files here and write a SQL query that counts orders per customer");
        assertThat(turn.conversationKey()).isEqualTo(CLAUDE_SESSION);
        assertThat(turn.step()).isEqualTo(1);
        assertThat(turn.delegated()).isFalse();
        assertThat(turn.personsRequest()).isTrue();
        assertThat(turn.client()).isEqualTo("claude-cli/2.1.332");
    }

    @Test
    void theToolLoopsNextCallIsStepTwoOfTheSameTurn() {
        Turn first = read("claude-code-2.1.332-first-turn.json");
        Turn step = read("claude-code-2.1.332-tool-step.json");
        assertThat(step.turnId()).isEqualTo(first.turnId());
        assertThat(step.step()).isEqualTo(2);
        assertThat(step.text()).isEqualTo(first.text());
        assertThat(step.personsRequest()).isFalse();
    }

    @Test
    void aResumedSessionsNextMessageIsANewTurnOfTheSameConversation() {
        Turn first = read("claude-code-2.1.332-first-turn.json");
        Turn second = read("claude-code-2.1.332-second-turn.json");
        assertThat(second.text()).isEqualTo("Now add unit tests for it with pytest");
        assertThat(second.conversationKey()).isEqualTo(first.conversationKey());
        assertThat(second.turnId()).isNotEqualTo(first.turnId());
        assertThat(second.step()).isEqualTo(1);
    }

    @Test
    void aSubAgentsCallIsDelegatedNotThePersonSpeaking() {
        Turn sub = read("claude-code-2.1.332-subagent.json");
        assertThat(sub.delegated()).isTrue();
        assertThat(sub.text()).isEqualTo("List every Python file in the project and summarise each in one line.");
        assertThat(sub.personsRequest()).isFalse();
    }

    @Test
    void codexTurnsAreThePersonsWordsWithoutEnvironmentOrAgentsMd() {
        CapturedRequests plain = CapturedRequests.load("codex-0.171.0-first-turn.json");
        Turn turn = TurnReader.responses(plain.body(), plain.headerLookup());
        assertThat(turn.text()).isEqualTo("Write a Python function to calculate Fibonacci numbers");
        assertThat(turn.conversationKey()).isEqualTo("session:01a24239-de8b-7422-9884-9a357ec7bcb4");
        assertThat(turn.client()).isEqualTo("codex_exec/0.171.0");
        assertThat(turn.personsRequest()).isTrue();

        CapturedRequests withAgentsMd = CapturedRequests.load("codex-0.171.0-agents-md.json");
        assertThat(TurnReader.responses(withAgentsMd.body(), withAgentsMd.headerLookup()).text())
                .isEqualTo("Write a SQL query that counts orders per customer");
    }

    @Test
    void aResponsesToolLoopCountsItsOutputs() {
        JsonNode body = json("""
                {"input":[{"role":"user","content":"Fix the failing test"},
                  {"type":"function_call","call_id":"c1","name":"shell","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"ok"},
                  {"type":"function_call","call_id":"c2","name":"shell","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c2","output":"ok"}]}""");
        Turn turn = TurnReader.responses(body, TurnReader.Headers.NONE);
        assertThat(turn.text()).isEqualTo("Fix the failing test");
        assertThat(turn.step()).isEqualTo(3);
        assertThat(TurnReader.responses(json("{\"input\":\"Just a string\"}"), TurnReader.Headers.NONE).text())
                .isEqualTo("Just a string");
    }

    @Test
    void chatCompletionsWithoutASessionAreTiedByTheirOpening() {
        String opening = "{\"role\":\"system\",\"content\":\"You are helpful\"},{\"role\":\"user\",\"content\":\"Count orders per customer in SQL\"}";
        Turn first = TurnReader.openAiChat(json("{\"messages\":[" + opening + "]}"), TurnReader.Headers.NONE);
        Turn step = TurnReader.openAiChat(json("{\"messages\":[" + opening
                + ",{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"run\",\"arguments\":\"{}\"}}]}"
                + ",{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"3 rows\"}]}"), TurnReader.Headers.NONE);
        Turn next = TurnReader.openAiChat(json("{\"messages\":[" + opening
                + ",{\"role\":\"assistant\",\"content\":\"SELECT ...\"},{\"role\":\"user\",\"content\":\"Now per month\"}]}"),
                TurnReader.Headers.NONE);
        Turn other = TurnReader.openAiChat(json("{\"messages\":[{\"role\":\"user\",\"content\":\"Plan a birthday party\"}]}"),
                TurnReader.Headers.NONE);
        assertThat(first.conversationKey()).startsWith("prefix:").isEqualTo(step.conversationKey()).isEqualTo(next.conversationKey());
        assertThat(other.conversationKey()).isNotEqualTo(first.conversationKey());
        assertThat(step.turnId()).isEqualTo(first.turnId());
        assertThat(step.step()).isEqualTo(2);
        assertThat(next.turnId()).isNotEqualTo(first.turnId());
        assertThat(next.text()).isEqualTo("Now per month");
    }

    @Test
    void aRequestWithoutWordsOfThePersonsHasNoText() {
        Turn turn = TurnReader.anthropic(json("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>Today is 2026-12-04</system-reminder>"}]}]}"""),
                TurnReader.Headers.NONE);
        assertThat(turn.text()).isEmpty();
        assertThat(turn.personsRequest()).isFalse();
    }

    @Test
    void legacyClaudeCodeSessionsInMetadataAreRead() {
        Turn turn = TurnReader.anthropic(json("""
                {"metadata":{"user_id":"user_abc_account__session_2f0c8a4e-1111-2222-3333-444455556666"},
                 "messages":[{"role":"user","content":"hello"}]}"""), TurnReader.Headers.NONE);
        assertThat(turn.conversationKey()).isEqualTo("session:2f0c8a4e-1111-2222-3333-444455556666");
        assertThat(TurnReader.anthropic(json("{\"messages\":[]}"), Map.of("x-claude-code-session-id", "abc")::get)
                .conversationKey()).isEqualTo("session:abc");
    }

    private static Turn read(String name) {
        CapturedRequests c = CapturedRequests.load(name);
        return TurnReader.anthropic(c.body(), c.headerLookup());
    }

    private static JsonNode json(String s) {
        return JsonMapper.shared().readTree(s);
    }
}
