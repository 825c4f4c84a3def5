package dev.llmos.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The labelled instruction sets of {@code ../shared/corpora/instructions-labelled} (see its SOURCE.md). */
final class LabelledSets {

    static final Path ROOT = Path.of("..", "shared", "corpora", "instructions-labelled");

    record Labelled(List<String> texts, List<String> labels) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelledSets() {
    }

    static boolean present() {
        return Files.isDirectory(ROOT);
    }

    static Labelled mtBench() {
        return jsonl(ROOT.resolve("mt_bench/question.jsonl"), r -> r.path("turns").path(0).asString(), r -> r.path("category").asString());
    }

    static Labelled arenaHard() {
        return jsonl(ROOT.resolve("arena-hard-v0.1/question.jsonl"),
                r -> r.path("turns").path(0).path("content").asString(), r -> r.path("cluster").asString());
    }

    /** The five FollowBench files; a label is the file plus its example_id (which counts per file). */
    static Labelled followBench() {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("followbench/data"))) {
            for (Path f : files.sorted().toList()) {
                for (JsonNode r : JSON.readTree(f.toFile())) {
                    if (!r.path("instruction").asString().isBlank()) { // blank instructions are skipped, as the CLI does
                        texts.add(r.path("instruction").asString());
                        labels.add(f.getFileName() + "#" + r.path("example_id").asString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Labelled(texts, labels);
    }

    private static Labelled jsonl(Path file, java.util.function.Function<JsonNode, String> text,
                                  java.util.function.Function<JsonNode, String> label) {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                JsonNode r = line.isBlank() ? null : JSON.readTree(line);
                if (r != null && !text.apply(r).isBlank()) {
                    texts.add(text.apply(r));
                    labels.add(label.apply(r));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Labelled(texts, labels);
    }
}
