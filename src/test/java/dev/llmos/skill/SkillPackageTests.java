package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Skills as spec-valid Agent Skills folders (what the MCP skills extension serves): over every corpus,
 * each served {@code SKILL.md} has front matter a strict YAML 1.2 reader finds, naming the skill by its
 * id with a description, equal to the listed front matter; digests and sizes are those of the served bytes;
 * a stored file that already is spec-valid is served byte for byte.
 */
class SkillPackageTests {

    static final VolumeId ALICE = VolumeId.user("alice");

    @TempDir
    Path root;
    VolumeStore store;
    SkillCatalog catalog;
    SkillTools tools;

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        catalog = new SkillCatalog(store);
        tools = new SkillTools(catalog, new SkillSelector(catalog, null));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everyCorpusSkillIsServedAsASpecValidSkillMdWhoseFrontMatterIsTheListedOne() {
        List<SkillImporter.Imported> imported = new ArrayList<>();
        SkillImporter importer = new SkillImporter(Set.of());
        for (String corpus : List.of(CorporaImportTests.ANTHROPIC, CorporaImportTests.COPILOT_SKILLS, CorporaImportTests.CURSOR,
                CorporaImportTests.COPILOT)) {
            imported.addAll(importer.scan(CorporaImportTests.corpus(corpus)).skills());
        }
        new SkillService(store, catalog, Integer.MAX_VALUE).importAll(ALICE, imported, Author.user("alice"), "corpora");

        int skills = 0;
        int files = 0;
        String after = null;
        SkillTools.Page page;
        do {
            page = tools.packages("alice", null, after, 50);
            for (SkillPackage p : page.skills()) {
                assertServedAsListed(p);
                skills++;
                files += p.files().size();
                after = p.skill().id();
            }
        } while (page.more());
        assertThat(skills).isEqualTo(imported.size());
        System.out.println("skill-package: " + skills + " imported corpus skills served as spec-valid SKILL.md folders, "
                + files + " files with digests");
    }

    @Test
    void aSpecValidStoredSkillMdIsServedByteForByteWithItsFolder() throws IOException {
        Path corpus = CorporaImportTests.corpus(CorporaImportTests.ANTHROPIC).resolve("skills");
        List<FileChange> changes = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(corpus)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                changes.add(new FileChange.Put("skills/" + corpus.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f)));
            }
        }
        store.open(ALICE).commit(Author.user("alice"), "Anthropic's skills as they are", changes);
        int verbatim = 0;
        try (Stream<Path> folders = Files.list(corpus)) {
            for (Path folder : folders.sorted().toList()) {
                String id = folder.getFileName().toString();
                SkillPackage p = tools.packageOf("alice", null, id).orElseThrow();
                assertServedAsListed(p);
                byte[] stored = Files.readAllBytes(folder.resolve("SKILL.md"));
                byte[] served = tools.packageFile("alice", null, id, "SKILL.md").orElseThrow();
                try (Stream<Path> walk = Files.walk(folder)) {
                    assertThat(p.files()).as(id).hasSize((int) walk.filter(Files::isRegularFile).count());
                }
                if (id.equals("claude-api")) {
                    // Its description is 1068 characters, beyond the spec's 1024: served cut, in a rendered SKILL.md.
                    assertThat(served).isNotEqualTo(stored);
                    assertThat((String) p.frontmatter().get("description")).hasSizeLessThanOrEqualTo(SkillParser.MAX_DESCRIPTION)
                            .startsWith("Reference for the Claude API");
                    assertThat(p.frontmatter()).containsEntry("license", "Complete terms in LICENSE.txt");
                } else {
                    assertThat(served).as(id).isEqualTo(stored);
                    verbatim++;
                }
            }
        }
        assertThat(verbatim).isEqualTo(11);
        System.out.println("skill-package: " + verbatim + " of Anthropic's 12 SKILL.md files served byte for byte "
                + "(claude-api's description is beyond the spec's limit)");
    }

    @Test
    void seedSkillsAndSloppyFilesAreRenderedWithTextThatStaysText() {
        store.open(ALICE).commit(Author.user("alice"), "odd skills", List.of(
                put("skills/odd-seed.md", "---\nname: 'True'\ncategory: writing\ndescription: '~'\nkeywords: [0x1F, 'null']\n---\n"
                        + "Body.\n"),
                put("skills/no-description.md", "---\nname: No Description\n---\n# Deploying\n\nRoll out with care.\n"),
                put("skills/sloppy/SKILL.md", "---\nname: sloppy\ndescription: Use for TypeScript: strict\nmetadata:\n"
                        + "  globs: **/*.ts\n---\nBody.\n"),
                put("skills/wrong-name/SKILL.md", "---\nname: other-name\ndescription: Use for naming\n---\nBody.\n"),
                put("skills/crlf/SKILL.md", "---\r\nname: crlf\r\ndescription: Use for Windows files\r\n---\r\nBody.\r\n")));
        SkillPackage seed = tools.packageOf("alice", null, "odd-seed").orElseThrow();
        assertServedAsListed(seed);
        assertThat(seed.frontmatter()).containsEntry("name", "odd-seed").containsEntry("description", "~");
        assertThat(seed.frontmatter().get("metadata")).isEqualTo(Map.of("title", "True", "category", "writing",
                "keywords", "0x1F, null"));
        SkillPackage summed = tools.packageOf("alice", null, "no-description").orElseThrow();
        assertServedAsListed(summed);
        assertThat(summed.frontmatter().get("description")).isEqualTo("Deploying: Roll out with care.");
        SkillPackage sloppy = tools.packageOf("alice", null, "sloppy").orElseThrow();
        assertServedAsListed(sloppy);
        assertThat(sloppy.frontmatter().get("metadata")).isEqualTo(Map.of("globs", "**/*.ts"));
        SkillPackage renamed = tools.packageOf("alice", null, "wrong-name").orElseThrow();
        assertServedAsListed(renamed);
        assertThat(tools.packageOf("alice", null, "crlf").map(SkillPackage::frontmatter).orElseThrow())
                .isEqualTo(Map.of("name", "crlf", "description", "Use for Windows files"));
        assertThat(tools.packageFile("alice", null, "crlf", "SKILL.md").map(b -> new String(b, StandardCharsets.UTF_8)))
                .as("a plain file with CRLF line ends is served as stored").hasValue("---\r\nname: crlf\r\ndescription: "
                        + "Use for Windows files\r\n---\r\nBody.\r\n");
    }

    @Test
    void strictFrontMatterReadsYaml12CoreAndRefusesWhatReadersDisagreeOn() {
        assertThat(SpecFrontMatter.read("---\nname: x\nmetadata:\n  version: 1.10\n  on: True\n  n: 010\n  hex: 0x1F\n  nil: ~\n"
                + "  list: [a, 2]\n---\nbody")).hasValue(Map.of("name", "x", "metadata", mapOf("version", 1.1, "on", true,
                "n", 10, "hex", 31, "nil", null, "list", List.of("a", 2))));
        assertThat(SpecFrontMatter.read("---  \nname: x\n---\t\nbody")).hasValue(Map.of("name", "x"));
        for (String refused : List.of("name: x\n", "---\nname: x\n", "---\nname: x\n...\nbody", "---\nname: x\nname: y\n---\n",
                "---\n1: x\n---\n", "---\nv: .nan\n---\n", "---\n- a\n---\n", "---\nd: \"a\rb\"\nx: [\r]\n---\n",
                "---\nd: !!binary aGk=\n---\n", "---\nk: [unclosed\n---\n", "\uFEFF---\nname: x\n---\n")) {
            assertThat(SpecFrontMatter.read(refused)).as(refused.replace("\r", "\\r")).isEmpty();
        }
    }

    /** The listed front matter is what a strict reader finds in the served SKILL.md; digests and sizes match the bytes. */
    private void assertServedAsListed(SkillPackage p) {
        String id = p.skill().id();
        assertThat(p.files().get(0).path()).isEqualTo(SkillPackage.MAIN);
        byte[] main = tools.packageFile("alice", null, id, SkillPackage.MAIN).orElseThrow();
        assertThat(SpecFrontMatter.read(new String(main, StandardCharsets.UTF_8))).as(id).hasValue(p.frontmatter());
        assertThat(p.frontmatter().get("name")).as(id).isEqualTo(id);
        assertThat(p.frontmatter().get("description")).as(id).isInstanceOfSatisfying(String.class,
                d -> assertThat(d).isNotBlank().hasSizeLessThanOrEqualTo(SkillParser.MAX_DESCRIPTION));
        assertThat(SkillPackage.isPlainSpecFile(main, id)).as(id).isTrue();
        for (SkillPackage.FileEntry f : p.files()) {
            byte[] bytes = tools.packageFile("alice", null, id, f.path()).orElseThrow();
            assertThat(f.digest()).as(id + "/" + f.path()).isEqualTo(sha256(bytes));
            assertThat(f.size()).isEqualTo(bytes.length);
        }
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    private static FileChange put(String path, String text) {
        return new FileChange.Put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
