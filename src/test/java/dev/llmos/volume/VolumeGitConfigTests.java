package dev.llmos.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume is an ordinary git repository for the git on this machine: {@code git log} and
 * {@code git status} in it print no warning (Debian's git 2.39 warns about JGit's
 * {@code core.fsyncObjectFiles}), volumes made before are mended on open, and, under {@code strace},
 * every loose object a write creates is fsynced before the command that wrote it ends.
 */
class VolumeGitConfigTests {

    @TempDir
    Path root;

    @Test
    void gitLogAndStatusInANewVolumePrintNoWarning() throws Exception {
        Path dir;
        try (VolumeStore store = new VolumeStore(root)) {
            Volume alice = store.open(VolumeId.user("alice"));
            alice.commit(Author.user("alice"), "Create skill a", List.of(new FileChange.Put("skills/a.md", "hello".getBytes(StandardCharsets.UTF_8))));
            dir = alice.directory();
        }
        Git log = git(dir, "log", "--oneline");
        assertThat(log.err()).isEmpty();
        assertThat(log.out()).contains("Create skill a").contains("Create volume users/alice");
        Git status = git(dir, "status", "--porcelain");
        assertThat(status.err()).isEmpty();
        assertThat(status.out()).isEmpty();
        assertThat(git(dir, "config", "--get", "core.fsync").out().strip()).isEqualTo(VolumeStore.GIT_FSYNC);
        assertThat(git(dir, "config", "--get", "core.fsyncObjectFiles").code()).isEqualTo(1); // absent
    }

    @Test
    void aVolumeMadeBeforeIsMendedWhenItIsOpened() throws Exception {
        Path dir;
        try (VolumeStore store = new VolumeStore(root)) {
            dir = store.open(VolumeId.team("eng")).directory();
        }
        // What earlier versions wrote: the warning is real on this machine's git (2.36+) ...
        git(dir, "config", "--unset", "core.fsync");
        git(dir, "config", "core.fsyncObjectFiles", "true");
        assumeTrue(git(dir, "log", "--oneline").err().contains("core.fsyncObjectFiles is deprecated"),
                "this machine's git is older than 2.36 and does not warn");
        // ... and gone once LLMos has opened the volume.
        try (VolumeStore store = new VolumeStore(root)) {
            store.open(VolumeId.team("eng")).commit(Author.user("mike"), "Create skill b",
                    List.of(new FileChange.Put("skills/b.md", "b".getBytes(StandardCharsets.UTF_8))));
        }
        Git log = git(dir, "log", "--oneline");
        assertThat(log.err()).isEmpty();
        assertThat(log.out()).contains("Create skill b");
        assertThat(git(dir, "status", "--porcelain").err()).isEmpty();
        assertThat(Files.readString(dir.resolve(".git/config"))).doesNotContainIgnoringCase("fsyncObjectFiles")
                .containsIgnoringCase("fsyncRefFiles = true");
    }

    /** Seen from the kernel: each loose object file a CLI write creates gets an fsync (after its rename). */
    @Test
    void everyLooseObjectAWriteCreatesIsFsynced() throws Exception {
        assumeTrue(onPath("strace"), "no strace on PATH (apt-get install strace; .ci/run installs it)");
        Path skills = Files.createDirectories(root.resolve("import/rules"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(skills.resolve("rule-" + i + ".mdc"), "---\ndescription: Use when writing rule " + i
                    + "\n---\nAlways do thing " + i + ".\n");
        }
        Path volumes = root.resolve("volumes");
        Path trace = root.resolve("strace.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("strace", "-f", "-qq", "-e", "trace=fsync,fdatasync", "-y", "-o", trace.toString(),
                java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.llmos.Main",
                "skills", "import", skills.toString(), "--user", "alice", "--volumes", volumes.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("imported 3 skills into users/alice");

        Path objects = volumes.resolve("users/alice/.git/objects");
        List<String> loose = new ArrayList<>();
        try (Stream<Path> files = Files.walk(objects)) {
            files.filter(f -> f.getParent().getFileName().toString().matches("[0-9a-f]{2}") && Files.isRegularFile(f))
                    .forEach(f -> loose.add(objects.relativize(f).toString()));
        }
        // By object name: the volume's first commit is written in a folder under volumes/.creating/ that is then moved.
        Set<String> fsynced = new HashSet<>();
        Matcher m = Pattern.compile("fsync\\(\\d+<[^>]*/\\.git/objects/([0-9a-f]{2}/[0-9a-f]{38})>\\)").matcher(Files.readString(trace));
        while (m.find()) {
            fsynced.add(m.group(1).replace('/', File.separatorChar));
        }
        // The volume's first commit (.gitignore), and the import's blobs, trees and commit.
        assertThat(loose).hasSizeGreaterThanOrEqualTo(3 + 1 + 3);
        assertThat(fsynced).containsAll(loose);
        assertThat(Files.readString(trace)).contains("refs/heads/main"); // refs too (core.fsyncRefFiles)
    }

    private record Git(int code, String out, String err) {
    }

    private static Git git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", dir.toString()); // no user settings of this machine
        builder.environment().remove("XDG_CONFIG_HOME");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new Git(p.exitValue(), out, err);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
