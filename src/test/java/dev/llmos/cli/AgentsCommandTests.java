package dev.llmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.skill.SystemLibrary;
import dev.llmos.volume.VolumeStore;

/** {@code llmos agents list|validate}, run in-process as the launcher parses them. */
class AgentsCommandTests {

    @TempDir
    Path dir;

    @Test
    void listShowsTheShippedAgents() {
        Path volumes = dir.resolve("volumes");
        try (VolumeStore store = new VolumeStore(volumes)) {
            new SystemLibrary(store).seed();
        }
        var r = SkillsCommandTests.run("agents", "list", "--user", "alice", "--volumes", volumes.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("orchestrator").contains("delegate,search_skills").contains("4 agents");
    }

    @Test
    void validateNamesEachProblemAndExitsOneOnErrors() throws Exception {
        Path agents = Files.createDirectories(dir.resolve("agents"));
        Files.writeString(agents.resolve("good.md"), "---\ndescription: Fine.\ntools: [delegate]\n---\nDo it.\n");
        Files.writeString(agents.resolve("bad.md"), "---\nname: other\ndescription: Bad.\ntools: [shell]\n---\nDo it.\n");
        var r = SkillsCommandTests.run("agents", "validate", agents.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.md").contains("shell").contains("does not match the file name");
        assertThat(r.out()).contains("2 files checked: 2 errors");

        var ok = SkillsCommandTests.run("agents", "validate", agents.resolve("good.md").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("1 file checked: 0 errors");
    }
}
