package dev.llmos.skill;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * The skills and templates shipped inside LLMos, seeded into {@code volumes/system}.
 *
 * <p>Upgrades never clobber local work, and need no bookkeeping beyond git: a shipped file is
 * replaced only while every commit that touched it was made by LLMos itself, and one that was
 * deleted after seeding stays deleted.
 */
public final class SystemLibrary {

    private static final String ROOT = "system-volume/";

    /** What seeding did: files added, upgraded, and left alone because someone changed them. */
    public record SeedReport(List<String> added, List<String> upgraded, List<String> keptLocalEdits,
                             Optional<CommitInfo> commit) {
    }

    private final VolumeStore store;

    public SystemLibrary(VolumeStore store) {
        this.store = store;
    }

    public SeedReport seed() {
        return seed(shippedFiles());
    }

    /** Seeds {@code shipped} (path inside the volume to content); the shipped set is a parameter for tests. */
    SeedReport seed(java.util.SortedMap<String, byte[]> shipped) {
        Volume system = store.open(VolumeId.SYSTEM);
        var head = system.snapshot();
        List<String> added = new ArrayList<>();
        List<String> upgraded = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<FileChange> changes = new ArrayList<>();
        shipped.forEach((path, bytes) -> {
            Optional<byte[]> current = head.read(path);
            List<CommitInfo> history = system.history(path, 0, 1000);
            boolean onlyLlmos = history.stream().allMatch(c -> c.authorEmail().equals(Author.LLMOS.email()));
            if (current.isEmpty()) {
                if (history.isEmpty()) {
                    added.add(path);
                    changes.add(new FileChange.Put(path, bytes));
                } else {
                    kept.add(path); // deleted on purpose after it was seeded
                }
            } else if (!Arrays.equals(current.get(), bytes)) {
                if (onlyLlmos) {
                    upgraded.add(path);
                    changes.add(new FileChange.Put(path, bytes));
                } else {
                    kept.add(path);
                }
            }
        });
        Optional<CommitInfo> commit = Optional.empty();
        if (!changes.isEmpty()) {
            String message = (added.isEmpty() ? "Upgrade" : upgraded.isEmpty() ? "Seed" : "Seed and upgrade")
                    + " system library (" + added.size() + " added, " + upgraded.size() + " upgraded)";
            commit = Optional.of(system.commit(Author.LLMOS, message, changes));
        }
        return new SeedReport(added, upgraded, kept, commit);
    }

    /** The library as shipped: path inside the volume to content. */
    static TreeMap<String, byte[]> shippedFiles() {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(SystemLibrary.class.getClassLoader())
                    .getResources("classpath*:" + ROOT + "**/*.md");
            for (Resource r : resources) {
                String url = r.getURL().toString();
                int at = url.lastIndexOf(ROOT);
                String path = url.substring(at + ROOT.length());
                try (InputStream in = r.getInputStream()) {
                    out.put(path, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped system library", e);
        }
        return out;
    }
}
