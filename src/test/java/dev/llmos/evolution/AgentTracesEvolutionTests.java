package dev.llmos.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.llm.OfflineProvider;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.trace.SecretRedactor;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Sub-agents' traces are traces like any other to evolution: the same sub-task delegated by
 * several runs becomes a pattern and a draft, even though no person typed it.
 */
class AgentTracesEvolutionTests {

    @TempDir
    Path root;
    VolumeStore store;
    TraceReader reader;
    TraceJournal journal;
    Instant clock = Instant.parse("2026-03-02T09:00:00Z");

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        reader = new TraceReader(store);
        journal = new TraceJournal(store, new SecretRedactor(List.of()), reader);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** One run: an orchestrator's trace and, a second later, the sub-agent it delegated {@code subTask} to. */
    private Trace run(String task, String subTask) {
        clock = clock.plus(Duration.ofMinutes(10));
        String rootId = journal.newId(clock);
        journal.append(new Trace(rootId, clock, "alice", "eng", rootId, "agent", task, "Done: see the table.", List.of(),
                "anthropic", "claude-test", null, 0, 10, "ok", null, rootId, null, "orchestrator"));
        Instant later = clock.plusSeconds(1);
        String subId = journal.newId(later);
        return journal.append(new Trace(subId, later, "alice", "eng", subId, "agent", subTask, EvolutionServiceTests.ANSWER,
                List.of(), "anthropic", "claude-test", null, 0, 10, "ok", null, rootId, rootId, "coder"));
    }

    @Test
    void aRepeatedSubTaskBecomesADraftSkill() {
        List<String> tasks = List.of("Prepare the March board pack", "Get the finance numbers ready for the audit",
                "Brief the new CFO on revenue", "Update the investor dashboard");
        List<Trace> subs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            subs.add(run(tasks.get(i), EvolutionServiceTests.INVOICES.get(i)));
        }
        SkillCatalog catalog = new SkillCatalog(store);
        EvolutionService evolution = new EvolutionService(store, catalog, reader, SkillEmbeddings.disabled(),
                new SkillDrafter(new OfflineProvider()), new PatternDetector.Settings(3, 0.7),
                root.resolve(".cache/evolution"), java.time.Clock.systemUTC());

        RunReport report = evolution.run("alice", "eng", false, EvolutionProgress.NONE);

        assertThat(report.tracesAnalyzed()).isEqualTo(8);
        assertThat(report.patternsDetected()).isEqualTo(1);
        assertThat(report.skillsCreated()).isEqualTo(1);
        Skill draft = catalog.findIn(VolumeId.user("alice"), report.drafts().get(0).id()).orElseThrow();
        assertThat(DraftStore.split(draft.metadata().get("llmos-traces")))
                .containsExactlyInAnyOrderElementsOf(subs.stream().map(Trace::id).toList());
    }
}
