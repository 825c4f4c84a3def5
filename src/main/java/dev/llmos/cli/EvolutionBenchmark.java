package dev.llmos.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.llmos.evolution.PatternDetector;
import dev.llmos.skill.SkillEmbeddings;

/**
 * The pattern detector over generated traces: {@link SyntheticTraces} makes a few thousand distinct
 * requests (task families in several rewordings, plus one-offs), embeds them once with MiniLM, and
 * every trace reuses a vector with noise, so the sizes time the detector, not the embedder.
 */
final class EvolutionBenchmark {

    private EvolutionBenchmark() {
    }

    static void run(Path modelCache, int[] sizes, boolean embeddingsOff, BenchReport report) throws Exception {
        SyntheticTraces synthetic = new SyntheticTraces(300, 2_000, 42);
        List<float[]> distinct;
        try (SkillEmbeddings embeddings = SkillEmbeddings.load(modelCache)) {
            embeddings.embedAll(synthetic.distinctTexts.subList(0, 64)); // warm-up
            long start = System.nanoTime();
            distinct = embeddings.embedAll(synthetic.distinctTexts);
            report.report("embed_traces_per_s", synthetic.distinctTexts.size() / ((System.nanoTime() - start) / 1e9), "texts/s");
        }
        for (int size : sizes) {
            List<PatternDetector.Item> items = new ArrayList<>(size);
            int k = 0;
            for (SyntheticTraces.Trace t : synthetic.traces(distinct, size, 0.3, 7)) {
                items.add(new PatternDetector.Item(Integer.toString(k++), t.text(), embeddingsOff ? null : t.vector(), 1.0));
            }
            PatternDetector detector = new PatternDetector(PatternDetector.Settings.defaults());
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            List<PatternDetector.Pattern> patterns = detector.detect(items);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            report.report("detect_" + size + "_traces_s", seconds, "s");
            report.report("detect_" + size + "_patterns", patterns.size(), "patterns");
            report.report("detect_" + size + "_items_in_patterns_pct",
                    100.0 * patterns.stream().mapToInt(p -> p.members().size()).sum() / items.size(), "%");
            report.report("detect_" + size + "_peak_heap_used", peak / (1024.0 * 1024), "MB");
        }
    }
}
