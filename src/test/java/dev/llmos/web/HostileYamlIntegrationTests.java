package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Skills are untrusted input, and YAML can be made to grow: a text anchor repeated by alias turns a
 * 60 KB front matter into tens of megabytes. Nothing stored may exceed LLMOS_MAX_SKILL_BYTES, no
 * answer may echo the blown-up text, and a file too large to read that is already in a volume (put
 * there by hand or by an older version) must not take down the listing, chats or the compatibility
 * endpoints for everyone who sees that volume; DELETE repairs it.
 */
class HostileYamlIntegrationTests extends RealServer {

    /** Limits of this test server (ServerSettings.offline). */
    private static final int MAX_SKILL_BYTES = 65536;

    @Autowired
    VolumeStore store;

    /** Front matter whose one 1,000-character text is repeated {@code times} by alias. */
    private static String aliasBomb(String key, int times) {
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < times; i++) {
            refs.append(i == 0 ? "" : ", ").append("*a");
        }
        return "---\nname: bomb\ndescription: Use when testing\n" + key + ": {a: &a \"" + "x".repeat(1000) + "\", x: [" + refs
                + "]}\n---\nBody.\n";
    }

    @Test
    void scalarAliasesCannotBlowAnImportedSkillPastTheLimit() {
        String file = aliasBomb("metadata", 15_000); // 60 KB sent; 15 MB once the aliases are expanded
        assertThat(file.length()).isLessThan(MAX_SKILL_BYTES);
        Http.Reply r = http().post("/skills/import", "{\"user_id\":\"yaml-ida\",\"files\":[{\"path\":\"bomb/SKILL.md\",\"content\":"
                + Http.JSON.writeValueAsString(file) + "}]}");
        assertThat(r.body().length()).as("the answer stays small").isLessThan(16_384);
        // Imported as the tolerant importer does, without the front matter, and the warning says why.
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).contains("aliases expand it to more than");
        assertThat(largestFile(VOLUMES.resolve("users/yaml-ida"))).isLessThanOrEqualTo(MAX_SKILL_BYTES);
        assertThat(http().get("/skills?user_id=yaml-ida").status()).isEqualTo(200);
    }

    @Test
    void anAgentWithAnAliasBombGetsAShort422() {
        String file = aliasBomb("skills", 15_000).replace("name: bomb", "name: bomb-agent");
        Http.Reply r = http().put("/agents/bomb-agent", "{\"user_id\":\"yaml-jo\",\"content\":" + Http.JSON.writeValueAsString(file) + "}");
        assertThat(r.body().length()).as("the answer stays small").isLessThan(16_384);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("aliases expand it to more than");
        assertThat(largestFile(VOLUMES.resolve("users/yaml-jo"))).isLessThanOrEqualTo(MAX_SKILL_BYTES);
    }

    @Test
    void thousandsOfBadListItemsGiveAShort422() {
        String many = "---\nname: many\ndescription: Use when testing\ntools: [" + "nosuchtool, ".repeat(4000) + "x]\n---\nDo it.\n";
        Http.Reply r = http().put("/agents/many", "{\"user_id\":\"yaml-jo\",\"content\":" + Http.JSON.writeValueAsString(many) + "}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().length()).as("the answer stays small").isLessThan(16_384);
        assertThat(r.json().get("errors").size()).isLessThanOrEqualTo(50);
        assertThat(r.json().get("errors_total").asInt()).isGreaterThan(4000);
    }

    @Test
    void aFileTooLargeToReadInATeamVolumeIsSkippedListedAndDeletable() {
        VolumeId team = VolumeId.team("yaml-eng");
        // Over JGit's in-memory limit (50 MiB), as an import before this fix could write: one commit, past every check.
        byte[] huge = ("---\nname: huge\ndescription: Use when testing\n---\n" + "y".repeat(52 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        byte[] big = ("---\nname: big\ndescription: Use when testing\n---\n" + "z".repeat(MAX_SKILL_BYTES)).getBytes(StandardCharsets.UTF_8);
        store.open(team).commit(Author.user("someone"), "Planted", List.of(new FileChange.Put("skills/huge/SKILL.md", huge),
                new FileChange.Put("skills/big/SKILL.md", big), new FileChange.Put("skills/fine.md",
                        "---\nname: Fine\ndescription: Use when fine\n---\nFine.\n".getBytes(StandardCharsets.UTF_8))));

        Http.Reply list = http().get("/skills?user_id=yaml-kim&team_id=yaml-eng");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("\"fine\"").contains("code-review");
        assertThat(list.json().get("problems").toString()).contains("skills/huge/SKILL.md").contains("skills/big/SKILL.md")
                .contains("LLMOS_MAX_SKILL_BYTES");
        Http.Reply chat = http().post("/chat", "{\"user_id\":\"yaml-kim\",\"team_id\":\"yaml-eng\",\"message\":\"review my code\"}");
        assertThat(chat.status()).as(chat.body()).isEqualTo(200);
        Http.Reply compat = http().with("x-llmos-team", "yaml-eng").post("/v1/messages",
                "{\"model\":\"claude-x\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"review my code\"}]}");
        assertThat(compat.status()).as(compat.body()).isEqualTo(200);

        Http.Reply delete = http().delete("/skills/huge?user_id=yaml-kim&team_id=yaml-eng&volume=teams/yaml-eng");
        assertThat(delete.status()).as(delete.body()).isEqualTo(200);
        assertThat(http().delete("/skills/big?user_id=yaml-kim&team_id=yaml-eng&volume=teams/yaml-eng").status()).isEqualTo(200);
        Http.Reply after = http().get("/skills?user_id=yaml-kim&team_id=yaml-eng");
        assertThat(after.json().get("problems")).isEmpty();
        assertThat(VOLUMES.resolve("teams/yaml-eng/skills/huge")).doesNotExist();
    }

    private static long largestFile(Path volume) {
        if (!Files.isDirectory(volume)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(volume)) {
            return files.filter(p -> !p.toString().contains("/.git/")).filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max().orElse(0);
        }  catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
