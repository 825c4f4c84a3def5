package dev.llmos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.llmos.evolution.ClusteringMetrics;
import dev.llmos.evolution.PatternDetector;
import dev.llmos.skill.SkillEmbeddings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench evolution}: how well the pattern detector groups labelled requests (each record a
 * successful trace), or how fast it runs over a large synthetic history. Prints {@code name value} lines.
 */
@Command(name = "evolution", mixinStandardHelpOptions = true,
        description = "Measure the evolution pattern detector on labelled files or a synthetic history.")
final class EvolutionBenchCommand implements Callable<Integer> {

    @Option(names = "--file", description = "JSONL or JSON-array file of labelled requests (repeatable; labels count per file).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--text-field", defaultValue = "text", description = "Dotted path of the text (e.g. turns.0.content; default ${DEFAULT-VALUE}).")
    String textField;

    @Option(names = "--label-field", defaultValue = "label", description = "Dotted path of the label (default ${DEFAULT-VALUE}).")
    String labelField;

    @Option(names = "--cache", description = "Folder of the embedding model's vector cache (default: a temporary folder).")
    Path cache;

    @Option(names = "--no-embeddings", description = "Group lexically only, as when the model is off.")
    boolean noEmbeddings;

    @Option(names = "--baseline", description = "Run the naive detector instead: connected components over MiniLM cosine >= this.")
    Double baseline;

    @Option(names = "--generated", description = "Time the detector over this many synthetic traces instead of files.")
    Integer generated;

    @Override
    public Integer call() throws Exception {
        if (generated != null) {
            return generated();
        }
        PatternDetector.Settings settings = PatternDetector.Settings.defaults();
        if (files.isEmpty()) {
            System.err.println("give --file (with --text-field and --label-field) or --generated N");
            return 2;
        }
        LabelledRecords records = LabelledRecords.read(files, textField, labelField);
        List<float[]> vectors = noEmbeddings && baseline == null ? null : embed(records.texts());
        List<List<Integer>> patterns;
        if (baseline != null) {
            patterns = NaiveDetector.groups(vectors, baseline, settings.minCount());
        } else {
            List<PatternDetector.Item> items = new ArrayList<>();
            for (int i = 0; i < records.texts().size(); i++) {
                items.add(new PatternDetector.Item(Integer.toString(i), records.texts().get(i),
                        vectors == null ? null : vectors.get(i), 1.0));
            }
            patterns = new PatternDetector(settings).detect(items).stream().map(PatternDetector.Pattern::members).toList();
        }
        ClusteringMetrics.Scores s = ClusteringMetrics.score(records.labels(), patterns);
        print("items", s.items());
        print("skipped", records.skipped());
        print("labels", s.labels());
        print("patterns", s.patterns());
        print("groups_recovered_pct", 100 * s.groupsRecovered());
        print("purity", s.purity());
        print("ari", s.ari());
        print("nmi", s.nmi());
        print("items_in_patterns_pct", 100 * s.itemsInPatterns());
        return 0;
    }

    private List<float[]> embed(List<String> texts) throws Exception {
        Path dir = cache != null ? cache : Files.createTempDirectory("llmos-evolution-");
        try (SkillEmbeddings embeddings = SkillEmbeddings.load(dir)) {
            return embeddings.embedAll(texts);
        }
    }

    private Integer generated() throws Exception {
        Path dir = cache != null ? cache : Files.createTempDirectory("llmos-evolution-");
        EvolutionBenchmark.run(dir, new int[] {generated}, noEmbeddings, (name, value, unit) -> print(name, value));
        return 0;
    }

    private static void print(String name, double value) {
        System.out.println(name + " " + (value == Math.rint(value) && Math.abs(value) < 1e12
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4f", value)));
    }
}
