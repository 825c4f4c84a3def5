package dev.llmos.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.llmos.trace.SecretRedactor;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.VolumeStore;

/**
 * Durable trace appends from many concurrent chats: to one user's volume (group commit), and spread
 * over many users' volumes (one writer thread per repository, each fsyncing its own commits).
 */
final class TraceBenchmark {

    private TraceBenchmark() {
    }

    static void run(Path work, int writers, int traces, int volumes, BenchReport report) throws Exception {
        try (VolumeStore store = new VolumeStore(work)) {
            TraceReader reader = new TraceReader(store);
            TraceJournal journal = new TraceJournal(store, new SecretRedactor(List.of()), reader);
            for (int i = 0; i < Math.max(50, volumes); i++) {
                journal.append(trace(journal, i, volumes)); // warm-up; creates every volume first
            }
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<CompletableFuture<Trace>> futures = new ArrayList<>(traces);
            long start = System.nanoTime();
            for (int i = 0; i < traces; i++) {
                int n = i;
                futures.add(CompletableFuture.supplyAsync(() -> journal.append(trace(journal, n, volumes)), pool));
            }
            futures.forEach(CompletableFuture::join);
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            report.report("trace_appends_" + writers + "_writers_" + volumes + (volumes == 1 ? "_volume" : "_volumes") + "_per_s",
                    traces / seconds, "appends/s");
        }
    }

    private static Trace trace(TraceJournal journal, int n, int volumes) {
        Instant now = Instant.now();
        return new Trace(journal.newId(now), now, volumes == 1 ? "bench" : "bench" + (n % volumes), "eng", "conv_" + (n % 50), "chat",
                "Question number " + n + " about writing tests in Python", "An answer of a few sentences, number " + n + ".",
                List.of(new Trace.SkillRef("unit-testing", "Unit Testing", "system", "0123456789abcdef0123456789abcdef01234567", "retrieved")),
                "anthropic", "claude-sonnet-5-5", new Trace.TokenUsage(900, 40, 0, 800), 0.0012, 850, "ok", null);
    }
}
