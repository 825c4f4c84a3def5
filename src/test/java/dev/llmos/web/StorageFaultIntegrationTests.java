package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import tools.jackson.databind.JsonNode;

/**
 * The disk fills up, a repository is locked or damaged by hand: the caller gets a clear 5xx
 * problem, nothing half-written lands, other volumes keep working, and once the cause is gone
 * writes work again with every earlier write intact. The volumes live on a small tmpfs mounted
 * by the test (root only: {@code .ci/run} runs as root; elsewhere the disk-full test is skipped and
 * says why).
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // the server must let go of the small disk before it is unmounted
class StorageFaultIntegrationTests {

    static final SmallDisk DISK = SmallDisk.mount(TempVolumes.create("llmos-small-disk-"), 16);
    static final Path VOLUMES = DISK.root().resolve("volumes");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void unmount() {
        DISK.close();
    }

    @Test
    void aFullDiskRefusesWritesClearlyKeepsReadsAndRecovers() throws Exception {
        Assumptions.assumeTrue(DISK.mounted(), DISK.why());
        Http http = new Http(port);
        assertThat(http.post("/skills", skill("dora", "before", "written before the disk filled")).status()).isEqualTo(201);
        assertThat(http.post("/chat", chat("dora", "hello before")).status()).isEqualTo(200);
        String headBefore = head("users/dora");

        Path filler = DISK.root().resolve("filler");
        DISK.fill(filler);
        try {
            Http.Reply write = http.post("/skills", skill("dora", "during", "written while the disk is full"));
            assertStorageFull(write);
            Http.Reply edit = http.put("/skills/before", "{\"user_id\":\"dora\",\"name\":\"before\",\"description\":\"edited\","
                    + "\"content\":\"" + "edited while full ".repeat(200) + "\"}");
            assertStorageFull(edit);
            Http.Reply chat = http.post("/chat", chat("dora", "hello while full"));
            assertStorageFull(chat);
            Http.Reply newUser = http.post("/skills", skill("ernie", "first", "a first skill on a full disk"));
            assertStorageFull(newUser);

            // Reads still work, and what was there is intact.
            Http.Reply list = http.get("/skills?user_id=dora");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body()).contains("\"before\"").doesNotContain("\"during\"");
            assertThat(http.get("/skills/before?user_id=dora").json().get("description").asString())
                    .isEqualTo("written before the disk filled");
            assertThat(head("users/dora")).isEqualTo(headBefore);
        } finally {
            Files.deleteIfExists(filler);
        }

        assertThat(Fsck.problems(VOLUMES.resolve("users/dora"))).isEmpty();
        // Space is back: writes work again without a restart.
        assertThat(http.post("/skills", skill("dora", "during", "written after space came back")).status()).isEqualTo(201);
        assertThat(http.post("/chat", chat("dora", "hello after")).status()).isEqualTo(200);
        assertThat(http.post("/skills", skill("ernie", "first", "a first skill once there is room")).status()).isEqualTo(201);
        assertThat(http.get("/skills/during?user_id=dora").json().get("description").asString())
                .isEqualTo("written after space came back");
        assertThat(Fsck.problems(VOLUMES.resolve("users/dora"))).isEmpty();
    }

    @Test
    void aRepositoryLockedByAnotherProcessRefusesWritesThenRecovers() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/skills", skill("lara", "kept", "before the lock")).status()).isEqualTo(201);
        String headBefore = head("users/lara");
        // A git command elsewhere holds the branch lock.
        Path lock = VOLUMES.resolve("users/lara/.git/refs/heads/main.lock");
        Files.writeString(lock, headBefore + "\n");
        try {
            Http.Reply r = http.post("/skills", skill("lara", "blocked", "while locked"));
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).contains("lock");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.llmos");
            // Other volumes are not held up.
            assertThat(http.post("/skills", skill("mona", "free", "another volume")).status()).isEqualTo(201);
            assertThat(http.get("/skills/kept?user_id=lara").status()).isEqualTo(200);
        } finally {
            Files.deleteIfExists(lock);
        }
        assertThat(head("users/lara")).isEqualTo(headBefore);
        assertThat(http.post("/skills", skill("lara", "blocked", "after the lock went")).status()).isEqualTo(201);
        assertThat(http.get("/skills/kept?user_id=lara").status()).isEqualTo(200);
        assertThat(Fsck.problems(VOLUMES.resolve("users/lara"))).isEmpty();
    }

    @Test
    void aRepositoryDamagedByHandIsReportedAndOthersKeepWorking() throws Exception {
        Http http = new Http(port);
        assertThat(http.post("/skills", skill("nico", "mine", "before the damage")).status()).isEqualTo(201);
        Path ref = VOLUMES.resolve("users/nico/.git/refs/heads/main");
        String good = Files.readString(ref);
        Files.writeString(ref, "0123456789abcdef0123456789abcdef01234567\n"); // points at no commit
        try {
            Http.Reply write = http.post("/skills", skill("nico", "more", "while damaged"));
            assertThat(write.status()).as(write.body()).isBetween(500, 599);
            assertThat(write.status()).as(write.body()).isNotEqualTo(500);
            assertThat(write.contentType()).startsWith("application/problem+json");
            assertThat(write.body()).doesNotContain("Exception").doesNotContain("at dev.llmos");
            for (String path : new String[] {"/skills?user_id=nico", "/skills/mine?user_id=nico",
                "/volumes/users/nico/history?user_id=nico"}) {
                Http.Reply read = http.get(path);
                assertThat(read.status()).as(path + " " + read.body()).isIn(200, 503);
                assertThat(read.body()).as(path).doesNotContain("Exception").doesNotContain("at dev.llmos");
            }
            assertThat(http.post("/skills", skill("olga", "fine", "another volume")).status()).isEqualTo(201);
            assertThat(http.get("/skills?user_id=olga").status()).isEqualTo(200);
        } finally {
            Files.writeString(ref, good);
        }
        assertThat(http.post("/skills", skill("nico", "more", "after the repair")).status()).isEqualTo(201);
        assertThat(http.get("/skills/mine?user_id=nico").json().get("description").asString()).isEqualTo("before the damage");
        assertThat(Fsck.problems(VOLUMES.resolve("users/nico"))).isEmpty();
    }

    private static void assertStorageFull(Http.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(507);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("type").asString()).endsWith("/storage-full");
        assertThat(problem.get("detail").asString()).contains("not saved");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.llmos");
    }

    private String head(String volume) throws IOException {
        return Files.readString(VOLUMES.resolve(volume + "/.git/refs/heads/main")).strip();
    }

    private static String skill(String user, String id, String description) {
        return "{\"user_id\":\"" + user + "\",\"skill_id\":\"" + id + "\",\"name\":\"" + id + "\",\"description\":\""
                + description + "\",\"content\":\"# " + id + "\\n\\n" + "Steps to follow. ".repeat(50) + "\"}";
    }

    private static String chat(String user, String message) {
        return "{\"user_id\":\"" + user + "\",\"message\":\"" + message + "\"}";
    }

    /** A size-limited tmpfs; or, where mounting is not allowed, a plain folder and the reason. */
    record SmallDisk(Path root, boolean mounted, String why) implements AutoCloseable {

        static SmallDisk mount(Path dir, int megabytes) {
            String why;
            try {
                Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "llmos-test", dir.toString())
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return new SmallDisk(dir, true, "");
                }
                why = "cannot mount a small tmpfs (needs root): " + out.strip();
            } catch (IOException e) {
                why = "cannot run mount: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            }
            return new SmallDisk(dir, false, why);
        }

        /** Writes {@code filler} until the disk refuses another byte. */
        void fill(Path filler) throws IOException {
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(filler)) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException full) {
                assertThat(full.getMessage()).contains("No space left");
            }
            // Whatever the last partial chunk could not take: fill byte by byte.
            try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
                for (int i = 0; i < chunk.length; i++) {
                    out.write(0);
                    out.flush();
                }
            } catch (IOException full) {
                return;
            }
        }

        @Override
        public void close() {
            if (mounted) {
                try {
                    // Lazy: the server may still hold files open until Spring closes it.
                    new ProcessBuilder("umount", "-l", root.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
