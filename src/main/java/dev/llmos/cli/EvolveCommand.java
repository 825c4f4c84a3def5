package dev.llmos.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import dev.llmos.evolution.EvolutionProgress;
import dev.llmos.evolution.EvolutionService;
import dev.llmos.evolution.PatternDetector;
import dev.llmos.evolution.RunReport;
import dev.llmos.evolution.SkillDrafter;
import dev.llmos.llm.LlmProvider;
import dev.llmos.llm.LlmSettings;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.VolumeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmos evolve --user alice}: one evolution run on the volumes folder directly, printing
 * progress. While a server runs on the same folder it refuses, naming the server and the
 * {@code POST /evolve} to use instead: the server's single writer owns the repositories.
 */
@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = {"Draft skills from a user's repeated, successful requests (one run, on the folder directly).",
                "While the server runs on the same folder, use curl -X POST http://localhost:8000/evolve instead."})
final class EvolveCommand implements Callable<Integer> {

    @Mixin
    SkillsCommand.VolumesOption where = new SkillsCommand.VolumesOption();
    @Option(names = "--user", required = true, description = "The user whose traces to analyse.")
    String user;
    @Option(names = "--team", description = "The team whose skills count as already seen (default: none).")
    String team;
    @Option(names = "--auto-apply", description = "Accept at once the drafts that pass the gate (the user's own volume only).")
    boolean autoApply;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        LlmProvider provider = LlmSettings.from(System::getenv).provider();
        try (VolumeStore store = new VolumeStore(where.volumes)) {
            var refused = FolderInUse.refusal(store, "evolve", "Run evolution through it instead:\n  curl -X POST {url}evolve "
                    + "-H 'Content-Type: application/json' -d '{\"user_id\": \"" + user + "\"}'\n(or use the web UI's Evolution screen).");
            if (refused.isPresent()) {
                System.err.println(refused.get());
                return 1;
            }
            return run(store, provider, out);
        } finally {
            if (provider instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing an HTTP client at exit
                }
            }
        }
    }

    private int run(VolumeStore store, LlmProvider provider, PrintStream out) {
        try (SkillEmbeddings embeddings = embeddings(store)) {
            EvolutionService evolution = new EvolutionService(store, new SkillCatalog(store), new TraceReader(store),
                    embeddings, new SkillDrafter(provider), PatternDetector.Settings.defaults());
            out.println("Evolution for " + user + " in " + store.root() + " (drafts by " + evolution.drafter() + ")");
            RunReport r = evolution.run(user, team, autoApply, new Printer(out));
            out.println();
            out.printf("%s: %d traces analysed, %d patterns, %d new drafts, %d update proposals, %d updated, %d applied%n",
                    r.runId(), r.tracesAnalyzed(), r.patternsDetected(), r.skillsCreated(), r.proposals(), r.updated(), r.applied());
            out.printf("skipped: %d rejected before, %d edited by you, %d already known%n", r.skippedRejected(),
                    r.skippedEdited(), r.skippedKnown());
            for (RunReport.DraftSummary d : r.drafts()) {
                out.printf("  %-7s %-40s %3d requests, %3d%% successful%s%s%n", d.kind(), d.id(), d.count(),
                        Math.round(d.successRate() * 100), d.updateOf() == null ? "" : " (changes " + d.updateOf() + ")",
                        d.applied() ? ", applied" : "");
            }
            r.notes().forEach(n -> out.println("note: " + n));
            out.println(r.commit() == null ? "Nothing written." : "Committed " + r.commit() + " to users/" + user
                    + ". Review with GET /evolution/drafts?user_id=" + user + ".");
            return 0;
        }
    }

    private static SkillEmbeddings embeddings(VolumeStore store) {
        if ("false".equalsIgnoreCase(String.valueOf(System.getenv("LLMOS_EMBEDDINGS")).strip())) {
            return SkillEmbeddings.disabled();
        }
        try {
            return SkillEmbeddings.load(store.root().resolve(".cache").resolve("embeddings"));
        } catch (RuntimeException e) {
            System.err.println("The embedding model could not start (" + e.getMessage() + "); grouping is lexical only");
            return SkillEmbeddings.disabled();
        }
    }

    /** One line per phase, and per batch while embedding or drafting. */
    private static final class Printer implements EvolutionProgress {
        private final PrintStream out;
        private String last = "";

        Printer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void report(String phase, int done, int total) {
            String line = phase.equals("loading traces") ? "loading traces: " + total
                    : phase.equals("embedding") && total == 0 ? "embedding: every trace already cached"
                    : total > 0 ? phase + " " + done + "/" + total : phase;
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
        }
    }
}
