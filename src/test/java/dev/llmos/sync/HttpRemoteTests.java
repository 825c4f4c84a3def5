package dev.llmos.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Sync over smart HTTP with a token, against {@code git http-backend} behind basic authentication:
 * the token opens the door, a wrong one is reported without showing it, and a repository the
 * server does not have is named as missing.
 */
class HttpRemoteTests {

    private static final String TOKEN = "tok-9f8e7d6c5b4a";

    @TempDir
    Path dir;
    private GitHttpServer server;

    @BeforeEach
    void start() throws Exception {
        GitDaemon.git(dir, "init", "--quiet", "--bare", "--initial-branch=main", dir.resolve("server/users-ivy.git").toString());
        server = new GitHttpServer(dir.resolve("server"), "llmos", TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTokenPushesAndPullsOverHttp() throws Exception {
        try (VolumeStore a = new VolumeStore(dir.resolve("a")); VolumeStore b = new VolumeStore(dir.resolve("b"));
             SyncService nodeA = new SyncService(a, settings(TOKEN), Clock.systemUTC());
             SyncService nodeB = new SyncService(b, settings(TOKEN), Clock.systemUTC())) {
            VolumeId ivy = VolumeId.user("ivy");
            a.open(ivy).commit(Author.user("ivy"), "note", List.of(new FileChange.Put("skills/http.md",
                    "over http".getBytes(StandardCharsets.UTF_8))));
            SyncState pushed = nodeA.syncNow(ivy);
            assertThat(pushed.state()).as(String.valueOf(pushed.lastError())).isEqualTo("ok");
            assertThat(pushed.ahead()).isZero();

            SyncState pulled = nodeB.syncNow(ivy);
            assertThat(pulled.state()).as(String.valueOf(pulled.lastError())).isEqualTo("ok");
            assertThat(b.require(ivy).snapshot().read("skills/http.md")).hasValueSatisfying(
                    bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("over http"));
            assertThat(GitDaemon.git(dir.resolve("server/users-ivy.git"), "ls-tree", "-r", "--name-only", "main"))
                    .contains("skills/http.md");
        }
    }

    @Test
    void aWrongTokenIsReportedWithoutShowingIt() {
        try (VolumeStore a = new VolumeStore(dir.resolve("a"));
             SyncService node = new SyncService(a, settings("wrong-token-123"), Clock.systemUTC())) {
            SyncState state = node.syncNow(VolumeId.user("ivy"));
            assertThat(state.state()).isEqualTo("error");
            assertThat(state.lastError()).contains("not authorized").doesNotContain("wrong-token-123");
            assertThat(state.toString()).doesNotContain("wrong-token-123");
        }
    }

    @Test
    void aRepositoryTheServerLacksIsNamedAsMissing() {
        try (VolumeStore a = new VolumeStore(dir.resolve("a"));
             SyncService node = new SyncService(a, settings(TOKEN), Clock.systemUTC())) {
            SyncState state = node.syncNow(VolumeId.team("nowhere"));
            assertThat(state.state()).isEqualTo("error");
            assertThat(state.lastError()).contains("remote repository missing", "teams-nowhere.git");
        }
    }

    private SyncSettings settings(String token) {
        return new SyncSettings(server.pattern(), "llmos", token, Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(2), null);
    }
}
