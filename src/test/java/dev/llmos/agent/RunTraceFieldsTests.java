package dev.llmos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.trace.SecretRedactor;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/** The trace fields that link a run's traces into a tree: written snake_case, absent outside runs, old files still read. */
class RunTraceFieldsTests {

    @TempDir
    Path root;

    @Test
    void runFieldsRoundTripAndChatTracesLeaveThemOut() throws Exception {
        try (VolumeStore store = new VolumeStore(root)) {
            TraceReader reader = new TraceReader(store);
            TraceJournal journal = new TraceJournal(store, new SecretRedactor(List.of()), reader);
            Instant now = Instant.parse("2026-11-25T10:15:30Z");
            String parent = journal.newId(now);
            Trace step = journal.append(new Trace(journal.newId(now), now, "ann", null, parent, "agent", "task", "result",
                    List.of(), "anthropic", "m", Trace.TokenUsage.NONE, 0, 5, "ok", null, parent, parent, "researcher"));
            Trace chat = journal.append(new Trace(journal.newId(now), now, "ann", null, "conv_1", "chat", "hi", "hello",
                    List.of(), "anthropic", "m", Trace.TokenUsage.NONE, 0, 5, "ok", null));

            String stepJson = Files.readString(root.resolve("users/ann/traces/2026/11/25/" + step.id() + ".json"));
            assertThat(stepJson).contains("\"run_id\":\"" + parent + "\"").contains("\"parent_trace_id\":\"" + parent + "\"")
                    .contains("\"agent\":\"researcher\"");
            String chatJson = Files.readString(root.resolve("users/ann/traces/2026/11/25/" + chat.id() + ".json"));
            assertThat(chatJson).doesNotContain("run_id").doesNotContain("parent_trace_id").doesNotContain("\"agent\"");

            TraceReader fresh = new TraceReader(store);
            assertThat(fresh.get("ann", step.id()).trace()).isEqualTo(step);
            assertThat(fresh.get("ann", chat.id()).trace().runId()).isNull();
        }
    }

    @Test
    void aTraceWrittenBeforeRunsExistedStillReads() {
        try (VolumeStore store = new VolumeStore(root)) {
            String id = "trace_20250101_120000_0badc0de";
            String old = "{\"id\":\"" + id + "\",\"time\":\"2025-01-01T12:00:00Z\",\"user_id\":\"ann\",\"team_id\":null,"
                    + "\"conversation_id\":\"conv_1\",\"source\":\"chat\",\"request\":\"q\",\"response\":\"a\",\"skills\":[],"
                    + "\"provider\":\"offline\",\"model\":\"offline\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2,"
                    + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0},\"cost_usd\":0.0,\"latency_ms\":3,"
                    + "\"outcome\":\"ok\",\"error\":null}";
            store.open(VolumeId.user("ann")).commit(Author.user("ann"), "old trace",
                    List.of(new FileChange.Put("traces/2025/01/01/" + id + ".json", old.getBytes(StandardCharsets.UTF_8))));
            Trace t = new TraceReader(store).get("ann", id).trace();
            assertThat(t.request()).isEqualTo("q");
            assertThat(t.runId()).isNull();
            assertThat(t.parentTraceId()).isNull();
            assertThat(t.agent()).isNull();
        }
    }
}
