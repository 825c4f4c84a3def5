package dev.llmos.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeWriterTests {

    @TempDir
    Path root;
    VolumeStore store;

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createsAVolumeWithSkillsAndTracesFoldersOnFirstUse() {
        Volume alice = store.open(VolumeId.user("alice"));
        assertThat(alice.directory()).isEqualTo(root.resolve("users/alice"));
        assertThat(alice.directory().resolve("skills")).isDirectory();
        assertThat(alice.directory().resolve("traces")).isDirectory();
        assertThat(alice.history(null, 0, 10)).singleElement()
                .satisfies(c -> assertThat(c.message()).isEqualTo("Create volume users/alice"));
        assertThat(store.list()).containsExactly(VolumeId.user("alice"));
    }

    @Test
    void aCommitIsAttributedToItsAuthorAndReadableFromTheSnapshot() {
        Volume v = store.open(VolumeId.user("alice"));
        CommitInfo c = v.commit(Author.user("alice"), "Create skill a", List.of(new FileChange.Put("skills/a.md", utf8("hello"))));
        assertThat(c.author()).isEqualTo("alice");
        assertThat(c.message()).isEqualTo("Create skill a");
        assertThat(v.snapshot().commitId()).isEqualTo(c.id());
        assertThat(new String(v.snapshot().read("skills/a.md").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(v.directory().resolve("skills/a.md")).hasContent("hello");
    }

    @Test
    void aMessageWithTrailersIsNeverFoldedIntoAGroupCommit() throws Exception {
        Volume v = store.open(VolumeId.team("red"));
        String merge = "Promote skill x from users/alice\n\nUseful\n\nPromotion: prm_20260101_0000abcd\nApproved-By: mike";
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CommitInfo>> futures = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                start.await();
                String message = n == 31 ? merge : "write " + n;
                return v.commit(Author.user("mike"), message, List.of(new FileChange.Put("skills/m" + n + ".md", utf8("m" + n))));
            }));
        }
        start.countDown();
        CommitInfo mergeCommit = futures.get(31).get();
        for (Future<CommitInfo> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(mergeCommit.message()).isEqualTo(merge);
        assertThat(v.diff(mergeCommit.id(), null)).singleElement().satisfies(d -> assertThat(d.newPath()).isEqualTo("skills/m31.md"));
    }

    @Test
    void thirtyTwoConcurrentWritersAllLandInHistoryAndFsckIsClean() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        int threads = 32;
        int perThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CommitInfo>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            for (int i = 0; i < perThread; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return v.commit(Author.user("alice"), "write " + thread + "-" + n,
                            List.of(new FileChange.Put("skills/s" + thread + "-" + n + ".md", utf8("content " + thread + "-" + n))));
                }));
            }
        }
        start.countDown();
        for (Future<CommitInfo> f : futures) {
            assertThat(f.get().id()).hasSize(40);
        }
        pool.shutdown();
        Snapshot head = v.snapshot();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(head.read("skills/s" + t + "-" + i + ".md")).get()
                        .extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo("content " + t + "-" + i);
            }
        }
        // Every write's message is in history, alone or in a group commit's body.
        String log = String.join("\n", v.history(null, 0, 10_000).stream().map(CommitInfo::message).toList());
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(log).contains("write " + t + "-" + i);
            }
        }
        assertThat(v.commitExternalEdits()).as("working tree and index agree with HEAD").isEmpty();
        Process fsck = new ProcessBuilder("git", "fsck", "--full", "--strict").directory(v.directory().toFile())
                .redirectErrorStream(true).start();
        String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fsck.waitFor()).as(out).isZero();
    }

    @Test
    void acknowledgedWritesSurviveReopening() {
        Volume v = store.open(VolumeId.team("eng"));
        CommitInfo c = v.commit(Author.user("bob"), "add", List.of(new FileChange.Put("skills/x/SKILL.md", utf8("x"))));
        store.close();
        store = new VolumeStore(root);
        Volume again = store.require(VolumeId.team("eng"));
        assertThat(again.snapshot().commitId()).isEqualTo(c.id());
        assertThat(again.snapshot().read("skills/x/SKILL.md")).isPresent();
    }

    @Test
    void deletingAFolderRemovesEveryFileBelowIt() {
        Volume v = store.open(VolumeId.user("alice"));
        v.commit(Author.user("alice"), "add", List.of(new FileChange.Put("skills/x/SKILL.md", utf8("x")),
                new FileChange.Put("skills/x/references/a.md", utf8("a"))));
        v.commit(Author.user("alice"), "delete", List.of(new FileChange.Delete("skills/x")));
        assertThat(v.snapshot().files("skills")).isEmpty();
        assertThat(v.directory().resolve("skills/x")).doesNotExist();
    }

    @Test
    void writingTheSameContentAgainMakesNoEmptyCommit() {
        Volume v = store.open(VolumeId.user("alice"));
        CommitInfo first = v.commit(Author.user("alice"), "a", List.of(new FileChange.Put("skills/a.md", utf8("same"))));
        CommitInfo second = v.commit(Author.user("alice"), "a again", List.of(new FileChange.Put("skills/a.md", utf8("same"))));
        assertThat(second.id()).isEqualTo(first.id());
    }

    @Test
    void filesEditedByHandAreCommittedAsExternalEdits() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        v.commit(Author.user("alice"), "add", List.of(new FileChange.Put("skills/a.md", utf8("one")),
                new FileChange.Put("skills/b.md", utf8("two"))));
        Files.writeString(v.directory().resolve("skills/a.md"), "edited by hand");
        Files.delete(v.directory().resolve("skills/b.md"));
        Files.writeString(v.directory().resolve("skills/c.md"), "new by hand");

        CommitInfo external = v.commitExternalEdits().orElseThrow();

        assertThat(external.author()).isEqualTo(Author.EXTERNAL.name());
        assertThat(external.message()).startsWith("External edit: 3 files changed outside LLMos")
                .contains("skills/a.md", "skills/b.md", "skills/c.md");
        Snapshot head = v.snapshot();
        assertThat(head.read("skills/a.md")).get().extracting(String::new).isEqualTo("edited by hand");
        assertThat(head.read("skills/b.md")).isEmpty();
        assertThat(head.read("skills/c.md")).isPresent();
        assertThat(v.commitExternalEdits()).isEmpty();
    }

    @Test
    void handEditsMadeWhileStoppedArePickedUpOnOpen() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        v.commit(Author.user("alice"), "add", List.of(new FileChange.Put("skills/a.md", utf8("one"))));
        store.close();
        Files.writeString(root.resolve("users/alice/skills/a.md"), "edited offline");
        store = new VolumeStore(root);
        Volume again = store.require(VolumeId.user("alice"));
        assertThat(again.history(null, 0, 1).get(0).author()).isEqualTo(Author.EXTERNAL.name());
        assertThat(again.snapshot().read("skills/a.md")).get().extracting(String::new).isEqualTo("edited offline");
    }

    @Test
    void staleLockFilesFromAKilledWriterDoNotBlockWrites() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        v.commit(Author.user("alice"), "add", List.of(new FileChange.Put("skills/a.md", utf8("one"))));
        store.close();
        Path lock = root.resolve("users/alice/.git/index.lock");
        Files.writeString(lock, "");
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        store = new VolumeStore(root);
        CommitInfo c = store.require(VolumeId.user("alice")).commit(Author.user("alice"), "after crash",
                List.of(new FileChange.Put("skills/b.md", utf8("two"))));
        assertThat(c.message()).isEqualTo("after crash");
        assertThat(lock).doesNotExist();
    }

    @Test
    void pathsThatCouldEscapeTheVolumeAreRefused() {
        for (String bad : List.of("../x", "/etc/passwd", ".git/config", "skills/../../x", "a//b", "a/", "a\u0000b",
                "skills/\uFF0E\uFF0E/x", "skills\u2215x", "skills/.hidden", "C:\\x", "")) {
            assertThatThrownBy(() -> new FileChange.Put(bad, new byte[0])).as(bad).isInstanceOf(InvalidNameException.class);
        }
        assertThat(new FileChange.Put("skills/my-skill/references/a_b.v2.md", new byte[0]).path())
                .isEqualTo("skills/my-skill/references/a_b.v2.md");
    }

    @Test
    void volumeNamesRejectTraversalAndLookAlikes() {
        for (String bad : List.of("..", "../bob", "Alice", "\uFF41lice", "alice\u200B", "a/b", "a\u0000", "-alice", "alice-", "")) {
            assertThatThrownBy(() -> VolumeId.user(bad)).as(bad).isInstanceOf(InvalidNameException.class);
        }
        assertThat(VolumeId.parse("teams/eng")).isEqualTo(VolumeId.team("eng"));
        assertThatThrownBy(() -> VolumeId.parse("groups/eng")).isInstanceOf(InvalidNameException.class);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void durabilitySettingsAreOnInEveryVolume() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        String config = Files.readString(v.directory().resolve(".git/config"));
        // Objects are fsynced by DurableRepository (VolumeGitConfigTests watches it under strace), refs by JGit.
        assertThat(config).contains("fsyncRefFiles = true").contains("fsync = committed,reference")
                .doesNotContain("fsyncObjectFiles");
    }

    @Test
    void historyCanBeFilteredByPathAndDiffShowsTheChange() {
        Volume v = store.open(VolumeId.user("alice"));
        v.commit(Author.user("alice"), "a1", List.of(new FileChange.Put("skills/a.md", utf8("one\n"))));
        v.commit(Author.user("alice"), "b1", List.of(new FileChange.Put("skills/b.md", utf8("b\n"))));
        CommitInfo a2 = v.commit(Author.user("alice"), "a2", List.of(new FileChange.Put("skills/a.md", utf8("two\n"))));
        assertThat(v.history("skills/a.md", 0, 10)).extracting(CommitInfo::message).containsExactly("a2", "a1");
        List<FileDiff> diff = v.diff(a2.id(), null);
        assertThat(diff).singleElement().satisfies(d -> {
            assertThat(d.change()).isEqualTo("modify");
            assertThat(d.patch()).contains("-one").contains("+two");
        });
        assertThatThrownBy(() -> v.diff("deadbeef", null)).isInstanceOf(CommitNotFoundException.class);
        Set<String> seen = new HashSet<>();
        v.history(null, 0, 100).forEach(c -> assertThat(seen.add(c.id())).isTrue());
    }

    @Test
    void aWriteWhoseExpectationFailsWritesNothingAndOthersInTheBatchGoOn() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        CommitInfo first = v.commit(Author.user("alice"), "a1", List.of(new FileChange.Put("skills/a.md", utf8("one"))));
        String version = v.snapshot().blobId("skills/a.md").orElseThrow();
        assertThatThrownBy(() -> v.commit(Author.user("alice"), "create again", List.of(new FileChange.Put("skills/a.md", utf8("x"))),
                List.of(Expect.absent("skills/a.md")))).isInstanceOf(VolumeConflictException.class);
        assertThat(v.snapshot().commitId()).isEqualTo(first.id());
        assertThat(v.directory().resolve("skills/a.md")).hasContent("one");

        v.commit(Author.user("alice"), "a2", List.of(new FileChange.Put("skills/a.md", utf8("two"))),
                List.of(new Expect("skills/a.md", version)));
        assertThatThrownBy(() -> v.commit(Author.user("alice"), "stale", List.of(new FileChange.Put("skills/a.md", utf8("three"))),
                List.of(new Expect("skills/a.md", version))))
                .isInstanceOf(VolumeConflictException.class).hasMessageContaining("skills/a.md");
        assertThat(new String(v.snapshot().read("skills/a.md").orElseThrow())).isEqualTo("two");
    }

    @Test
    void ofThirtyTwoConcurrentCreatesOfOnePathExactlyOneWins() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    v.commit(Author.user("alice"), "create " + thread, List.of(new FileChange.Put("skills/race.md", utf8("by " + thread))),
                            List.of(Expect.absent("skills/race.md")));
                    return true;
                } catch (VolumeConflictException lost) {
                    return false;
                }
            }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
        assertThat(v.history("skills/race.md", 0, 100)).hasSize(1);
        assertThat(v.commitExternalEdits()).as("losers left nothing in the working tree").isEmpty();
    }

    @Test
    void packingObjectsKeepsHistoryAndLetsWritesGoOn() throws Exception {
        Volume v = store.open(VolumeId.user("alice"));
        for (int i = 0; i < 60; i++) {
            v.commit(Author.user("alice"), "c" + i, List.of(new FileChange.Put("skills/s" + (i % 7) + ".md", utf8("v" + i))));
        }
        String head = v.snapshot().commitId();
        long[] counts = v.packObjects();
        assertThat(counts[0]).isGreaterThan(100);
        assertThat(counts[1]).isLessThan(counts[0] / 10);
        assertThat(v.snapshot().commitId()).isEqualTo(head);
        assertThat(v.history(null, 0, 1000)).hasSize(61);
        v.commit(Author.user("alice"), "after gc", List.of(new FileChange.Put("skills/after.md", utf8("x"))));
        assertThat(v.snapshot().read("skills/s3.md")).isPresent();
        Process fsck = new ProcessBuilder("git", "fsck", "--full", "--strict").directory(v.directory().toFile())
                .redirectErrorStream(true).start();
        String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fsck.waitFor()).as(out).isZero();
    }
}
