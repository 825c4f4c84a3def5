package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.volume.VolumeStore;

/**
 * Token hashes, last-used times and every trace are for the server's own OS user only: 0600 files in
 * 0700 folders (the volumes folder, each volume, .access), from the real server's writes. An install
 * made before this (0644 files, 0755 folders) is put right when the store opens.
 */
class PrivateFilesIntegrationTests extends TokenServer {

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void accessFilesTracesAndVolumeFoldersAreTheOwnersOnly() throws IOException {
        Accounts accounts = accounts();
        accounts.addUser("perm-pat", false);
        String token = accounts.createToken("perm-pat", Scope.WRITE, "p").secret();
        Http pat = http().bearer(token);
        assertThat(pat.post("/chat", "{\"message\":\"hello, private\"}").status()).isEqualTo(200);
        assertThat(pat.post("/skills", "{\"skill_id\":\"mine\",\"name\":\"Mine\",\"description\":\"Use for mine\"}").status())
                .isEqualTo(201);
        accounts.flushLastUsed();

        assertThat(mode(VOLUMES)).isEqualTo("rwx------");
        assertThat(mode(VOLUMES.resolve(".access"))).isEqualTo("rwx------");
        for (String f : List.of("access.json", "lock")) {
            assertThat(mode(VOLUMES.resolve(".access").resolve(f))).as(f).isEqualTo("rw-------");
        }
        Path pats = VOLUMES.resolve("users/perm-pat");
        assertThat(mode(pats)).isEqualTo("rwx------");
        List<Path> traces = files(pats.resolve("traces"));
        assertThat(traces).isNotEmpty();
        for (Path t : traces) {
            assertThat(mode(t)).as(t.toString()).isEqualTo("rw-------");
        }
        assertThat(mode(pats.resolve("skills/mine.md"))).isEqualTo("rw-------");
        try (Stream<Path> dirs = Files.walk(pats.resolve("traces"))) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------");
            }
        }
        // git itself still reads and writes it, as the same OS user.
        Process fsck = new ProcessBuilder("git", "-C", pats.toString(), "fsck", "--full").redirectErrorStream(true).start();
        assertThat(new String(fsck.getInputStream().readAllBytes())).doesNotContain("error");
    }

    @Test
    void anInstallMadeBeforeIsPutRightWhenItOpens(@org.junit.jupiter.api.io.TempDir Path old) throws IOException {
        try (VolumeStore store = new VolumeStore(old)) {
            store.open(dev.llmos.volume.VolumeId.user("olga")).commit(dev.llmos.volume.Author.user("olga"), "Trace",
                    List.of(new dev.llmos.volume.FileChange.Put("traces/2026/01/01/t.json", "{}".getBytes())));
        }
        new Accounts(old, Clock.systemUTC()).addUser("olga", false);
        // What an older version left: world-readable everything.
        try (Stream<Path> all = Files.walk(old)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        try (VolumeStore store = new VolumeStore(old)) {
            new Accounts(old, Clock.systemUTC()).users();
            store.open(dev.llmos.volume.VolumeId.user("olga"));
            assertThat(mode(old)).isEqualTo("rwx------");
            assertThat(mode(old.resolve(".access"))).isEqualTo("rwx------");
            assertThat(mode(old.resolve(".access/access.json"))).isEqualTo("rw-------");
            assertThat(mode(old.resolve("users/olga"))).isEqualTo("rwx------");
            assertThat(mode(old.resolve("users/olga/traces/2026/01/01"))).isEqualTo("rwx------");
            assertThat(mode(old.resolve("users/olga/traces/2026/01/01/t.json"))).isEqualTo("rw-------");
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
