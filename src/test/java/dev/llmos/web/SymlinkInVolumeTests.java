package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A symbolic link planted inside a volume by hand ({@code users/alice/skills/pwn -> users/carol/skills})
 * must not let alice's writes land in carol's volume, or anywhere outside the volumes folder: LLMos never
 * writes through a link on the path, and says where the link is.
 */
class SymlinkInVolumeTests extends RealServer {

    private static String importBody(String user, String path) {
        return "{\"user_id\":\"" + user + "\",\"files\":[{\"path\":\"" + path + "\",\"content\":"
                + "\"---\\nname: pwn\\ndescription: Use when testing links\\n---\\nplanted-through-a-link\\n\"}]}";
    }

    @Test
    void aWriteThroughALinkedFolderIsRefusedAndLandsNowhere() throws IOException {
        assertThat(http().post("/skills", "{\"user_id\":\"link-carol\",\"skill_id\":\"mine\",\"name\":\"Mine\",\"description\":\"Use for mine\"}")
                .status()).isEqualTo(201);
        assertThat(http().post("/skills", "{\"user_id\":\"link-alice\",\"skill_id\":\"first\",\"name\":\"First\",\"description\":\"Use first\"}")
                .status()).isEqualTo(201);
        Path carolSkills = VOLUMES.resolve("users/link-carol/skills");
        Path outside = Files.createTempDirectory("llmos-outside-");
        Files.createSymbolicLink(VOLUMES.resolve("users/link-alice/skills/pwn"), carolSkills);
        Files.createSymbolicLink(VOLUMES.resolve("users/link-alice/skills/out"), outside);

        for (String id : new String[] {"pwn", "out"}) {
            Http.Reply r = http().post("/skills/import", importBody("link-alice", id + "/SKILL.md"));
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).contains("symbolic link").contains("skills/" + id);
            Http.Reply put = http().post("/skills", "{\"user_id\":\"link-alice\",\"skill_id\":\"" + id + "\",\"name\":\"P\","
                    + "\"description\":\"Use p\",\"format\":\"agent-skill\"}");
            assertThat(put.status()).as(put.body()).isEqualTo(409);
        }
        assertThat(carolSkills.resolve("SKILL.md")).doesNotExist();
        try (var files = Files.list(outside)) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(http().get("/volumes/users/link-carol/history?user_id=link-carol").json().get("commits").toString())
                .doesNotContain("External edit");
        // The rest of alice's volume still takes writes.
        assertThat(http().post("/skills/import", importBody("link-alice", "fine/SKILL.md")).status()).isEqualTo(201);
    }
}
