package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

class SystemLibraryTests {

    @TempDir
    Path root;
    VolumeStore store;
    SystemLibrary library;

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        library = new SystemLibrary(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static TreeMap<String, byte[]> shipped(String... pathAndText) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            out.put(pathAndText[i], pathAndText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void theShippedLibraryHasSixteenValidSkillsAndFourTemplates() {
        SystemLibrary.SeedReport report = library.seed();
        assertThat(report.added()).hasSize(16 + 4 + 1 + 4); // skills, templates, README, agents (dev.llmos.agent checks those)
        SkillCatalog catalog = new SkillCatalog(store);
        SkillCatalog.VolumeSkills system = catalog.in(VolumeId.SYSTEM);
        assertThat(system.skills()).hasSize(16);
        assertThat(system.problems()).isEmpty();
        assertThat(system.skills()).allSatisfy(s -> {
            assertThat(s.description()).hasSizeBetween(20, 300);
            assertThat(s.keywords()).hasSizeBetween(4, 8);
            assertThat(s.body()).contains("## When to use");
            // What load_skill and MCP give a model: one top-level heading, not the name twice.
            assertThat(SkillTools.instructions(s)).startsWith("# " + s.name() + "\n");
            assertThat(SkillTools.instructions(s).lines().filter(l -> !l.isBlank()).skip(1).findFirst().orElse("")).as(s.id())
                    .doesNotStartWith("# ");
        });
        assertThat(new SkillTemplates(store).list()).extracting(SkillTemplates.Template::id)
                .containsExactlyInAnyOrder("workflow", "checklist", "style-guide", "troubleshooting");
        assertThat(library.seed().commit()).as("seeding twice changes nothing").isEmpty();
    }

    @Test
    void upgradesReplaceUntouchedFilesButKeepLocalEditsAndDeletions() {
        library.seed(shipped("skills/a.md", "a1", "skills/b.md", "b1", "skills/c.md", "c1"));
        var system = store.require(VolumeId.SYSTEM);
        system.commit(Author.user("admin"), "local tweak", List.of(new FileChange.Put("skills/b.md", "b-local".getBytes())));
        system.commit(Author.user("admin"), "not wanted", List.of(new FileChange.Delete("skills/c.md")));

        SystemLibrary.SeedReport report = library.seed(shipped("skills/a.md", "a2", "skills/b.md", "b2", "skills/c.md", "c2",
                "skills/d.md", "d1"));

        assertThat(report.upgraded()).containsExactly("skills/a.md");
        assertThat(report.added()).containsExactly("skills/d.md");
        assertThat(report.keptLocalEdits()).containsExactlyInAnyOrder("skills/b.md", "skills/c.md");
        var head = system.snapshot();
        assertThat(new String(head.read("skills/a.md").orElseThrow())).isEqualTo("a2");
        assertThat(new String(head.read("skills/b.md").orElseThrow())).isEqualTo("b-local");
        assertThat(head.read("skills/c.md")).isEmpty();
        assertThat(system.history(null, 0, 1).get(0).author()).isEqualTo(Author.LLMOS.name());
    }
}
