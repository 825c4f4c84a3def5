package dev.llmos.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * The merge policy, in one JVM: two volume folders synced through a bare repository on disk
 * ({@code file://}). Checks what lands at each path, what is saved under {@code conflicts/}, and
 * that the working tree and index follow a pull (no phantom external edits afterwards).
 */
class MergePolicyTests {

    private static final VolumeId ERIN = VolumeId.user("erin");

    @TempDir
    Path dir;
    private VolumeStore storeA;
    private VolumeStore storeB;
    private SyncService nodeA;
    private SyncService nodeB;

    @BeforeEach
    void open() throws Exception {
        Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.resolve("server/users-erin.git").toFile()).call().close();
        SyncSettings settings = new SyncSettings(dir.resolve("server").toUri() + "{volume}.git", null, null,
                Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(2), null);
        storeA = new VolumeStore(dir.resolve("a"));
        storeB = new VolumeStore(dir.resolve("b"));
        nodeA = new SyncService(storeA, settings, Clock.systemUTC());
        nodeB = new SyncService(storeB, settings, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
        storeA.close();
        storeB.close();
    }

    @Test
    void aFileChangedDifferentlyOnBothSidesKeepsTheLocalVersionAndSavesTheRemoteOne() throws Exception {
        write(storeA, "skills/notes.md", "original");
        sync(nodeA, nodeB);
        write(storeA, "skills/notes.md", "from A");
        write(storeB, "skills/notes.md", "from B");
        write(storeB, "skills/other.md", "only B touched this");

        sync(nodeA, nodeB, nodeA);

        for (VolumeStore store : List.of(storeA, storeB)) {
            Volume erin = store.require(ERIN);
            assertThat(read(erin, "skills/notes.md")).isEqualTo("from B"); // B merged last: its version stayed
            List<SyncConflict> conflicts = (store == storeA ? nodeA : nodeB).conflicts(erin);
            assertThat(conflicts).singleElement().satisfies(c -> {
                assertThat(c.path()).isEqualTo("skills/notes.md");
                assertThat(c.localContent()).isEqualTo("from B");
                assertThat(c.remoteContent()).isEqualTo("from A");
                assertThat(c.savedAs()).isEqualTo("conflicts/skills/notes.md@" + c.remoteCommit());
            });
            assertThat(read(erin, "skills/other.md")).isEqualTo("only B touched this");
            assertThat(Files.readString(erin.directory().resolve("skills/notes.md"))).isEqualTo("from B");
            assertThat(erin.commitExternalEdits()).as("working tree and index follow the pull").isEmpty();
        }
        assertThat(storeA.require(ERIN).snapshot().commitId()).isEqualTo(storeB.require(ERIN).snapshot().commitId());
        assertThat(nodeA.state(ERIN).conflicts()).isEqualTo(1);

        Volume a = storeA.require(ERIN);
        SyncConflict conflict = nodeA.conflicts(a).get(0);
        assertThatThrownBy(() -> nodeA.resolve(a, conflict.savedAs(), "both", null, Author.user("erin")))
                .isInstanceOf(InvalidSyncRequestException.class);
        write(storeA, "skills/notes.md", "changed while someone looked");
        assertThatThrownBy(() -> nodeA.resolve(a, conflict.savedAs(), "remote", conflict.localBlob(), Author.user("erin")))
                .isInstanceOf(ConflictChangedException.class);
        assertThat(read(a, "skills/notes.md")).isEqualTo("changed while someone looked");
        SyncConflict fresh = nodeA.conflicts(a).get(0);
        assertThat(nodeA.resolve(a, fresh.savedAs(), "remote", fresh.localBlob(), Author.user("erin"))).isEmpty();
        assertThat(read(a, "skills/notes.md")).isEqualTo("from A");
        assertThatThrownBy(() -> nodeA.resolve(a, fresh.savedAs(), "local", null, Author.user("erin")))
                .isInstanceOf(ConflictNotFoundException.class);
    }

    @Test
    void anEditAgainstADeletionKeepsTheEditOnEitherSide() throws Exception {
        write(storeA, "skills/kept.md", "v1");
        write(storeA, "skills/gone.md", "v1");
        sync(nodeA, nodeB);
        storeA.require(ERIN).commit(Author.user("erin"), "delete", List.of(new FileChange.Delete("skills/kept.md")));
        write(storeB, "skills/kept.md", "edited on B");
        write(storeA, "skills/gone.md", "edited on A");
        storeB.require(ERIN).commit(Author.user("erin"), "delete", List.of(new FileChange.Delete("skills/gone.md")));

        sync(nodeA, nodeB, nodeA);

        Volume a = storeA.require(ERIN);
        // kept.md: A deleted it first and pushed; B's edit stays at the path when B merges.
        assertThat(read(a, "skills/kept.md")).isEqualTo("edited on B");
        // gone.md: A edited and pushed; B deleted, so B's merge keeps its deletion and saves A's edit beside it.
        assertThat(a.snapshot().read("skills/gone.md")).isEmpty();
        assertThat(nodeA.conflicts(a)).extracting(SyncConflict::path).contains("skills/gone.md");
        assertThat(nodeA.conflicts(a)).filteredOn(c -> c.path().equals("skills/gone.md")).singleElement()
                .satisfies(c -> assertThat(c.remoteContent()).isEqualTo("edited on A"));
    }

    @Test
    void tracesFromBothSidesAllMergeAndAFastForwardNeedsNoMergeCommit() throws Exception {
        write(storeA, "traces/2026/a1.json", "{}");
        sync(nodeA);
        nodeB.syncNow(ERIN); // B had no erin volume: created, then merged with the server's history
        write(storeA, "traces/2026/a2.json", "{}");
        write(storeB, "traces/2026/b1.json", "{}");
        sync(nodeA, nodeB, nodeA);
        for (VolumeStore store : List.of(storeA, storeB)) {
            assertThat(store.require(ERIN).snapshot().files("traces")).extracting(e -> e.path())
                    .containsExactlyInAnyOrder("traces/2026/a1.json", "traces/2026/a2.json", "traces/2026/b1.json");
        }
        int commits = storeA.require(ERIN).history(null, 0, 100).size();
        nodeA.syncNow(ERIN);
        assertThat(storeA.require(ERIN).history(null, 0, 100)).as("nothing new: no merge commit").hasSize(commits);
    }

    @Test
    void credentialsNeverShowInTheStateOrInSettings() {
        SyncSettings secret = new SyncSettings("http://bot:hunter2-pw@127.0.0.1:9/{volume}.git", "bot", "tok-s3cr3t",
                Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(2), "hook-s3cr3t");
        try (VolumeStore store = new VolumeStore(dir.resolve("c")); SyncService node = new SyncService(store, secret, Clock.systemUTC())) {
            SyncState state = node.syncNow(ERIN);
            assertThat(state.state()).isEqualTo("error");
            assertThat(state.toString()).doesNotContain("hunter2", "tok-s3cr3t").contains("://***@127.0.0.1:9/users-erin.git");
            assertThat(secret.toString()).doesNotContain("hunter2", "tok-s3cr3t", "hook-s3cr3t");
        }
    }

    @Test
    void aBadRemotePatternIsRefusedAtStart() {
        assertThatThrownBy(() -> new SyncSettings("https://git.example.com/llmos.git", null, null, null, null, null, null))
                .hasMessageContaining("{volume}");
        assertThatThrownBy(() -> new SyncSettings("ssh://git@git.example.com/{volume}.git", null, null, null, null, null, null))
                .hasMessageContaining("SSH remotes are not supported");
        assertThat(RemoteNames.volume("teams-eng.git")).contains(VolumeId.team("eng"));
        assertThat(RemoteNames.volume("users-../x")).isEmpty();
        assertThat(RemoteNames.name(VolumeId.user("alice"))).isEqualTo("users-alice");
    }

    private static void sync(SyncService... nodes) {
        for (SyncService node : nodes) {
            SyncState state = node.syncNow(ERIN);
            assertThat(state.state()).as(String.valueOf(state.lastError())).isEqualTo("ok");
        }
    }

    private static void write(VolumeStore store, String path, String content) {
        store.open(ERIN).commit(Author.user("erin"), "write " + path,
                List.of(new FileChange.Put(path, content.getBytes(StandardCharsets.UTF_8))));
    }

    private static String read(Volume volume, String path) {
        return new String(volume.snapshot().read(path).orElseThrow(), StandardCharsets.UTF_8);
    }
}
