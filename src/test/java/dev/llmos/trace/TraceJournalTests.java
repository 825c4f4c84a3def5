package dev.llmos.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

class TraceJournalTests {

    @TempDir
    Path root;
    VolumeStore store;
    TraceReader reader;
    TraceJournal journal;

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        reader = new TraceReader(store);
        journal = new TraceJournal(store, new SecretRedactor(List.of("sk-configured-key-123456")), reader);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Trace trace(String user, String conversation, String request, Instant time) {
        return new Trace(journal.newId(time), time, user, "eng", conversation, "chat", request, "answer to " + request,
                List.of(new Trace.SkillRef("code-review", "Code Review", "system", "abc123", "retrieved")),
                "anthropic", "claude-test", new Trace.TokenUsage(100, 20, 5, 50), 0.0012, 42, "ok", null);
    }

    @Test
    void anAppendedTraceIsACommittedFileInTheUsersVolume() throws Exception {
        Instant now = Instant.parse("2026-11-25T10:15:30Z");
        Trace saved = journal.append(trace("alice", "conv_1", "hello", now));
        assertThat(saved.id()).matches("trace_20261125_101530_[0-9a-f]{8}");
        Path file = root.resolve("users/alice/traces/2026/11/25/" + saved.id() + ".json");
        String json = Files.readString(file);
        assertThat(json).contains("\"conversation_id\":\"conv_1\"").contains("\"cache_read_input_tokens\":50")
                .contains("\"time\":\"2026-11-25T10:15:30Z\"");
        var head = store.require(VolumeId.user("alice")).snapshot();
        assertThat(head.read("traces/2026/11/25/" + saved.id() + ".json")).isPresent();
        TraceReader fresh = new TraceReader(store);
        assertThat(fresh.get("alice", saved.id()).trace()).isEqualTo(saved);
    }

    @Test
    void secretsNeverReachTheTraceFile() throws Exception {
        Trace saved = journal.append(new Trace(journal.newId(Instant.now()), Instant.now(), "alice", null, "c", "chat",
                "my key is sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA and sk-configured-key-123456, token=abcdefghijkl",
                "use Authorization: Bearer abcdefghijklmnopqrstuvwxyz", List.of(), "offline", "none",
                Trace.TokenUsage.NONE, 0, 1, "ok", null));
        String onDisk = new String(store.require(VolumeId.user("alice")).snapshot()
                .read("traces/" + saved.id().substring(6, 10) + "/" + saved.id().substring(10, 12) + "/"
                        + saved.id().substring(12, 14) + "/" + saved.id() + ".json").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(onDisk).doesNotContain("sk-ant-api03-AAAA").doesNotContain("sk-configured-key-123456")
                .doesNotContain("abcdefghijkl").doesNotContain("abcdefghijklmnopqrstuvwxyz").contains("[REDACTED]");
    }

    @Test
    void twoHundredConcurrentAppendsAreAllDurableAndReadable() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<CompletableFuture<Trace>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            futures.add(CompletableFuture.supplyAsync(() -> journal.append(trace("bob", "conv_" + (n % 7), "q" + n, Instant.now())), pool));
        }
        List<String> ids = futures.stream().map(CompletableFuture::join).map(Trace::id).toList();
        pool.shutdown();
        assertThat(ids).doesNotHaveDuplicates();
        TraceReader fresh = new TraceReader(store);
        assertThat(fresh.list("bob", null, 1000)).hasSize(200);
        assertThat(fresh.conversation("bob", "conv_3")).extracting(Trace::conversationId).containsOnly("conv_3").isNotEmpty();
        Process fsck = new ProcessBuilder("git", "fsck", "--full", "--strict")
                .directory(root.resolve("users/bob").toFile()).redirectErrorStream(true).start();
        String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fsck.waitFor()).as(out).isZero();
    }

    @Test
    void feedbackIsSavedBesideTheTraceAndOnlyForTheOwner() {
        Trace saved = journal.append(trace("alice", "c", "q", Instant.now()));
        Feedback f = journal.feedback("alice", saved.id(), "down", "wrong answer");
        assertThat(new TraceReader(store).get("alice", saved.id()).feedback()).isEqualTo(f);
        assertThat(reader.get("alice", saved.id()).feedback().rating()).isEqualTo("down");
        assertThatThrownBy(() -> journal.feedback("mallory", saved.id(), "up", null)).isInstanceOf(TraceNotFoundException.class);
        assertThatThrownBy(() -> journal.feedback("alice", saved.id(), "meh", null)).isInstanceOf(InvalidTraceRequestException.class);
        assertThatThrownBy(() -> reader.get("alice", "../../etc")).isInstanceOf(InvalidTraceRequestException.class);
    }

    @Test
    void usageIsSummedByDayAndModel() {
        journal.append(trace("carol", "c", "a", Instant.parse("2026-11-24T10:00:00Z")));
        journal.append(trace("carol", "c", "b", Instant.parse("2026-11-25T10:00:00Z")));
        journal.append(trace("carol", "c", "c", Instant.parse("2026-11-25T11:00:00Z")));
        List<TraceReader.UsageRow> rows = reader.usage("carol", null, null);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).day()).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(rows.get(1).requests()).isEqualTo(2);
        assertThat(rows.get(1).inputTokens()).isEqualTo(200);
        assertThat(rows.get(1).costUsd()).isEqualTo(0.0024, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(reader.usage("carol", LocalDate.parse("2026-11-25"), null)).hasSize(1);
    }
}
