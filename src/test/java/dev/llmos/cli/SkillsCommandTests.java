package dev.llmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The CLI run in-process, exactly as {@code llmos ...} parses it, against real folders. */
class SkillsCommandTests {

    static final Path CORPORA = Path.of("..", "shared", "corpora");

    @TempDir
    Path volumes;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = LlmosCommand.commandLine(Object.class);
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void dryRunImportOfTheCorporaPrintsCountsPerSourceFormat() {
        assertThat(CORPORA).as("the shared corpora must sit beside the project").isDirectory();
        Run r = run("skills", "import", CORPORA.toString(), "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("agent-skill: 113\n").contains("cursor-mdc: 94\n").contains("cursorrules: 68\n")
                .contains("copilot-instructions: 64\n").contains("copilot-prompt: 58\n").contains("copilot-agent: 56\n")
                .contains("copilot-chatmode: 31\n").contains("total: 484 skills").contains(", 0 failures");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void importCommitsIntoTheUsersVolumeAndListShowsThem() {
        Path rules = CORPORA.resolve("rules-cursor");
        Run imported = run("skills", "import", rules.toString(), "--user", "alice", "--volumes", volumes.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported 162 skills into users/alice");
        Run list = run("skills", "list", "--user", "alice", "--volumes", volumes.toString());
        assertThat(list.out()).contains("162 skills").contains("users/alice");
        assertThat(Files.exists(volumes.resolve("users/alice/skills"))).isTrue();
        Run again = run("skills", "import", rules.toString(), "--user", "alice", "--volumes", volumes.toString());
        assertThat(again.code()).isZero();
        assertThat(run("skills", "list", "--user", "alice", "--volumes", volumes.toString()).out())
                .as("re-importing replaces by id instead of adding copies").contains("162 skills");
    }

    /** A link in a folder being imported could commit a secret file into a volume (and from there to a git server). */
    @Test
    void importSkipsSymbolicLinksAndSaysSo(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.env"), "AWS_SECRET=hunter2-canary\n");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/rules"));
        Files.writeString(elsewhere.resolve("outside.mdc"), "---\ndescription: Use outside\n---\nfrom outside: canary-dir\n");
        Path source = Files.createDirectories(dir.resolve("import"));
        Path folder = Files.createDirectories(source.resolve("deploy"));
        Files.writeString(folder.resolve("SKILL.md"), "---\nname: deploy\ndescription: Use when deploying\n---\nDeploy.\n");
        Files.createSymbolicLink(folder.resolve("credentials.env"), secret);
        Files.createSymbolicLink(source.resolve("linked.mdc"), secret);
        Files.createSymbolicLink(source.resolve("linked-dir"), elsewhere);

        Run r = run("skills", "import", source.toString(), "--user", "lee", "--volumes", volumes.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported 1 skill into users/lee")
                .contains("skipped symbolic link: deploy/credentials.env")
                .contains("skipped symbolic link: linked.mdc")
                .contains("skipped symbolic link: linked-dir");
        try (var files = Files.walk(volumes.resolve("users/lee"))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain("hunter2-canary")
                        .doesNotContain("canary-dir");
            }
        }
        // And the git objects hold no copy either (a loose object is compressed: look at the history instead).
        Run show = run("skills", "show", "deploy", "--user", "lee", "--volumes", volumes.toString());
        assertThat(show.out()).doesNotContain("credentials.env");
    }

    @Test
    void validateExitsNonZeroAndNamesFileLineAndField(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("bad-skill"));
        Files.writeString(folder.resolve("SKILL.md"), "---\nname: Other-Name\ndescription: ok\n---\nbody\n");
        Run r = run("skills", "validate", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("SKILL.md:2: error: name:").contains("must equal the folder name 'bad-skill'");
        assertThat(r.out()).contains("1 file checked: 2 errors");

        Path good = Files.createDirectories(dir.resolve("good").resolve("good-skill"));
        Files.writeString(good.resolve("SKILL.md"), "---\nname: good-skill\ndescription: Does a thing. Use when needed.\n---\nbody\n");
        assertThat(run("skills", "validate", good.toString()).code()).isZero();
    }

    @Test
    void showPrintsTheSkillAsTheUserSeesIt() {
        run("skills", "import", CORPORA.resolve("skills-anthropic").toString(), "--system", "--volumes", volumes.toString());
        Run r = run("skills", "show", "mcp-builder", "--volumes", volumes.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("# system/skills/mcp-builder/SKILL.md").contains("name: mcp-builder")
                .contains("# files: ").contains("reference/");
        assertThat(run("skills", "show", "no-such-skill", "--volumes", volumes.toString()).code()).isEqualTo(1);
    }

    @Test
    void serveRefusesToBindBeyondLoopbackInLocalMode() {
        Run r = run("serve", "--host", "0.0.0.0", "--volumes", volumes.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to bind 0.0.0.0");
    }
}
