package dev.llmos.skill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.llmos.volume.Author;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Shared, expensive test fixtures for the selector tests: one embedding model per JVM (≈1 s to
 * load) and one volume store holding every skill of {@code shared/corpora} in the system volume.
 * Tests that change skills make their own store; this one is only read.
 */
final class SelectorCorpus {

    static final Path CORPORA = Path.of("..", "shared", "corpora");

    private static SkillEmbeddings embeddings;
    private static SelectorCorpus corpus;

    final Path root;
    final VolumeStore store;
    final SkillCatalog catalog;
    final SkillService service;
    final List<SkillImporter.Imported> imported;

    private SelectorCorpus(Path root) {
        this.root = root;
        this.store = new VolumeStore(root);
        this.catalog = new SkillCatalog(store);
        this.service = new SkillService(store, catalog, Integer.MAX_VALUE);
        this.imported = importCorpora(service, VolumeId.SYSTEM);
    }

    /** The model, loaded once; its vector cache lives in a temp folder (so runs measure a cold cache). */
    static synchronized SkillEmbeddings embeddings() {
        if (embeddings == null) {
            Path cache = tempDir("llmos-vectors-");
            embeddings = SkillEmbeddings.load(cache);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                embeddings.close();
                delete(cache);
            }));
        }
        return embeddings;
    }

    /** Every corpus skill in the system volume of a store shared by all tests (read-only). */
    static synchronized SelectorCorpus shared() {
        if (corpus == null) {
            Path root = tempDir("llmos-corpus-");
            corpus = new SelectorCorpus(root);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                corpus.store.close();
                delete(root);
            }));
        }
        return corpus;
    }

    /** Imports every skill of the corpora into {@code volume}; fails (never skips) when they are missing. */
    static List<SkillImporter.Imported> importCorpora(SkillService service, VolumeId volume) {
        if (!Files.isDirectory(CORPORA)) {
            throw new IllegalStateException("the corpora are missing: " + CORPORA.toAbsolutePath().normalize());
        }
        SkillImporter.Report report = new SkillImporter(Set.of()).scan(CORPORA);
        if (report.skills().size() < 400) {
            throw new IllegalStateException("expected the whole corpora, found " + report.skills().size() + " skills");
        }
        service.importAll(volume, report.skills(), Author.LLMOS, "corpora");
        return report.skills();
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path root) {
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp folder: the OS cleans it up eventually
        }
    }
}
