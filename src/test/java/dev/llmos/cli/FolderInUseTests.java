package dev.llmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmos evolve} and {@code llmos skills import} refuse while a real server (its own process)
 * runs on the same volumes folder, naming the server and what to do instead; once it stops they run.
 */
class FolderInUseTests {

    @TempDir
    Path dir;

    @Test
    void writingCommandsRefuseWhileTheServerRunsOnTheFolder() throws Exception {
        Path volumes = dir.resolve("volumes");
        Path log = dir.resolve("server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.llmos.Main", "serve", "--port", "0", "--volumes", volumes.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LLMOS_EMBEDDINGS", "false");
        builder.environment().remove("ANTHROPIC_API_KEY");
        builder.environment().remove("LLMOS_OPENAI_BASE_URL");
        Process server = builder.start();
        try {
            String url = awaitReady(log, server);
            Path rules = Files.createDirectories(dir.resolve("rules"));
            Files.writeString(rules.resolve("tidy.mdc"), "---\ndescription: Use when tidying\n---\nTidy up.\n");

            var evolve = SkillsCommandTests.run("evolve", "--user", "alice", "--volumes", volumes.toString());
            assertThat(evolve.code()).isEqualTo(1);
            assertThat(evolve.err()).contains("llmos evolve: the LLMos server at " + url + " (pid " + server.pid() + ")")
                    .contains("curl -X POST " + url + "evolve").contains("\"user_id\": \"alice\"")
                    .contains("Or stop the server");
            assertThat(evolve.out()).doesNotContain("Committed");

            var imported = SkillsCommandTests.run("skills", "import", rules.toString(), "--user", "alice", "--volumes", volumes.toString());
            assertThat(imported.code()).isEqualTo(1);
            assertThat(imported.err()).contains("llmos skills import: the LLMos server at " + url).contains(url + "ui/skills");
            assertThat(volumes.resolve("users/alice/skills/tidy")).doesNotExist();

            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            var after = SkillsCommandTests.run("skills", "import", rules.toString(), "--user", "alice", "--volumes", volumes.toString());
            assertThat(after.code()).as(after.err()).isZero();
            assertThat(after.out()).contains("imported 1 skill into users/alice");
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String awaitReady(Path log, Process server) throws Exception {
        Pattern ready = Pattern.compile("LLMos is ready at (http://127\\.0\\.0\\.1:\\d+/)");
        for (int i = 0; i < 600; i++) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = ready.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
            assertThat(server.isAlive()).as(text).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not get ready: " + Files.readString(log));
    }
}
