package dev.llmos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEdit;
import dev.llmos.skill.SkillService;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the hot paths on this machine and prints {@code name value unit} lines, then a
 * Markdown table. Works in a fresh temporary folder; touches no real volume.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks and print their figures.",
        subcommands = EvolutionBenchCommand.class)
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--writes", defaultValue = "2000", description = "Skill writes per writer-count scenario (default ${DEFAULT-VALUE}).")
    int writes;

    @Option(names = "--catalog-size", defaultValue = "10000", description = "Skills in the catalog-load scenario (default ${DEFAULT-VALUE}).")
    int catalogSize;

    @Option(names = "--dir", description = "Work folder (default: a new temporary folder, deleted afterwards).")
    Path dir;

    @Option(names = "--only", split = ",", description = "Scenarios to run: startup, writes, catalog, selection, traces, "
            + "promotions, evolution, chat, compat (default: all).")
    java.util.Set<String> only;

    @Option(names = "--chat-requests", defaultValue = "1000", description = "Requests per concurrency level in the chat scenario (default ${DEFAULT-VALUE}).")
    int chatRequests;

    private final Class<?> application;

    BenchCommand(Class<?> application) {
        this.application = application;
    }

    private boolean wanted(String scenario) {
        return only == null || only.contains(scenario);
    }

    private final Map<String, String[]> results = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("llmos-bench-");
        System.out.println("# LLMos bench: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        try {
            memory("start");
            if (wanted("startup")) {
                StartupBenchmark.run(work.resolve("startup"), this::report);
            }
            if (wanted("writes")) {
                skillWrites(work.resolve("writes-1"), 1);
                skillWrites(work.resolve("writes-32"), 32);
                memory("writes");
            }
            if (wanted("catalog")) {
                catalogLoad(work.resolve("catalog"));
                memory("catalog");
            }
            if (wanted("selection")) {
                SelectionBenchmark.run(work.resolve("selection-1k"), 1_000, this::report);
                SelectionBenchmark.run(work.resolve("selection-10k"), 10_000, this::report);
                memory("selection");
            }
            if (wanted("traces")) {
                TraceBenchmark.run(work.resolve("traces"), 200, 10_000, 1, this::report);
                TraceBenchmark.run(work.resolve("traces-100"), 200, 10_000, 100, this::report);
                memory("traces");
            }
            if (wanted("promotions")) {
                PromotionBenchmark.run(work.resolve("promotions-1"), 200, 1, this::report);
                PromotionBenchmark.run(work.resolve("promotions-8"), 200, 8, this::report);
                memory("promotions");
            }
            if (wanted("evolution")) {
                EvolutionBenchmark.run(work.resolve("evolution-model"), new int[] {10_000, 100_000}, false, this::report);
                memory("evolution");
            }
            if (wanted("compat")) {
                CompatBenchmark.run(application, work.resolve("compat"), new int[] {1, 50, 200}, chatRequests, this::report);
                memory("compat");
            }
            if (wanted("chat")) {
                ChatBenchmark.run(application, work.resolve("chat"), new int[] {1, 50, 200}, chatRequests, this::report);
                memory("chat");
            }
        } finally {
            if (dir == null) {
                deleteTree(work);
            }
        }
        System.out.println();
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap, Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.println();
        System.out.println("| figure | value | unit |");
        System.out.println("|---|---:|---|");
        results.forEach((name, v) -> System.out.println("| " + name + " | " + v[0] + " | " + v[1] + " |"));
        return 0;
    }

    void report(String name, double value, String unit) {
        String formatted = value >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", value) : String.format(java.util.Locale.ROOT, "%.2f", value);
        results.put(name, new String[] {formatted, unit});
        System.out.println(name + " " + formatted + " " + unit);
    }

    /** This process's resident memory after a scenario (Linux only; elsewhere nothing is printed). */
    private void memory(String after) {
        ProcessMemory.residentMb(ProcessHandle.current().pid()).ifPresent(mb -> report("rss_after_" + after, mb, "MB"));
    }

    /** Acknowledged (durable) skill writes through SkillService, as the API makes them. */
    private void skillWrites(Path root, int writers) throws Exception {
        try (VolumeStore store = new VolumeStore(root)) {
            SkillService skills = new SkillService(store, new SkillCatalog(store), SkillCatalog.DEFAULT_MAX_FILE_BYTES);
            VolumeId alice = VolumeId.user("alice");
            store.open(alice);
            // Warm-up: JGit's first write in a JVM probes the file system's timestamp resolution.
            for (int i = 0; i < 50; i++) {
                skills.put(alice, "warmup-" + i, edit(i), Author.user("alice"));
            }
            int perWriter = Math.max(1, writes / writers);
            long[] latencies = new long[perWriter * writers];
            AtomicInteger slot = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        long t0 = System.nanoTime();
                        skills.put(alice, "skill-" + writer + "-" + i, edit(i), Author.user("alice"));
                        latencies[slot.getAndIncrement()] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            Arrays.sort(latencies);
            String prefix = "skill_writes_" + writers + "_writer" + (writers == 1 ? "" : "s");
            report(prefix + "_per_s", latencies.length / seconds, "writes/s");
            report(prefix + "_p50", latencies[latencies.length / 2] / 1e6, "ms");
            report(prefix + "_p99", latencies[(int) (latencies.length * 0.99)] / 1e6, "ms");
        }
    }

    private static SkillEdit edit(int i) {
        return SkillEdit.seed("Skill " + i, "coding", "Benchmark skill number " + i + "; use when measuring",
                "## Approach\n1. Step one for " + i + "\n2. Step two\n", List.of("bench", "k" + (i % 50)));
    }

    /** A cold catalog over one volume holding catalogSize skills: open the repository, read and parse every skill. */
    private void catalogLoad(Path root) throws IOException {
        try (VolumeStore store = new VolumeStore(root)) {
            Volume system = store.open(VolumeId.SYSTEM);
            List<FileChange> files = new ArrayList<>(catalogSize);
            for (int i = 0; i < catalogSize; i++) {
                String text = "---\nname: Generated Skill " + i + "\ncategory: c" + (i % 12) + "\ndescription: Generated skill "
                        + i + " for the catalog benchmark; use when loading many skills\nkeywords: [bench, k" + (i % 97)
                        + ", topic" + (i % 31) + "]\n---\n\n# Generated Skill " + i + "\n\n## Approach\n"
                        + "1. Read the request carefully.\n2. Apply step " + i + ".\n3. Check the result.\n".repeat(8);
                files.add(new FileChange.Put("skills/gen-" + i + ".md", text.getBytes(StandardCharsets.UTF_8)));
            }
            system.commit(Author.LLMOS, "Generate " + catalogSize + " skills", files);
        }
        long start = System.nanoTime();
        int count;
        try (VolumeStore store = new VolumeStore(root)) {
            count = new SkillCatalog(store).visibleTo(null, null).size();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (count != catalogSize) {
            throw new IllegalStateException("catalog loaded " + count + " skills, expected " + catalogSize);
        }
        report("catalog_cold_load_" + catalogSize + "_skills", ms, "ms");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
