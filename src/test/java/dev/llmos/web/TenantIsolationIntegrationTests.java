package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nobody reads or changes what they do not own, on every route that takes a volume. In local mode
 * the caller is who the request says; the rules still hold between those identities.
 */
class TenantIsolationIntegrationTests extends RealServer {

    @BeforeEach
    void bobHasASecret() {
        Http http = http();
        http.post("/skills", "{\"user_id\":\"bob\",\"team_id\":\"red\",\"skill_id\":\"bob-secret\",\"name\":\"Secret\",\"description\":\"bob only\"}");
        http.post("/skills", "{\"user_id\":\"bob\",\"team_id\":\"red\",\"skill_id\":\"red-shared\",\"name\":\"Red\",\"description\":\"team red\",\"volume\":\"team\"}");
    }

    @Test
    void listingShowsOnlyTheCallersOwnTeamsAndSystemSkills() {
        assertThat(http().get("/skills?user_id=alice&team_id=blue").json().get("skills").findValuesAsString("id"))
                .doesNotContain("bob-secret", "red-shared");
        assertThat(http().get("/skills?user_id=bob&team_id=red").json().get("skills").findValuesAsString("id"))
                .contains("bob-secret", "red-shared");
        assertThat(http().get("/skills?user_id=rita&team_id=red").json().get("skills").findValuesAsString("id"))
                .contains("red-shared").doesNotContain("bob-secret");
    }

    @Test
    void anotherUsersSkillIsReportedMissing() {
        assertThat(http().get("/skills/bob-secret?user_id=alice").status()).isEqualTo(404);
        assertThat(http().get("/skills/bob-secret?user_id=alice&volume=users/bob").status()).isEqualTo(404);
        assertThat(http().get("/skills/bob-secret/history?user_id=alice&volume=users/bob").status()).isEqualTo(404);
        assertThat(http().get("/skills/red-shared?user_id=alice&team_id=blue&volume=teams/red").status()).isEqualTo(404);
    }

    @Test
    void anotherUsersVolumeCannotBeChangedAndLooksMissing() {
        String into = "{\"user_id\":\"alice\",\"skill_id\":\"planted\",\"name\":\"x\",\"description\":\"d\",\"volume\":\"users/bob\"}";
        assertThat(http().post("/skills", into).status()).isEqualTo(404);
        assertThat(http().put("/skills/bob-secret", "{\"user_id\":\"alice\",\"name\":\"x\",\"description\":\"d\",\"volume\":\"users/bob\"}").status())
                .isEqualTo(404);
        assertThat(http().delete("/skills/bob-secret?user_id=alice&volume=users/bob").status()).isEqualTo(404);
        assertThat(http().post("/skills/bob-secret/revert", "{\"user_id\":\"alice\",\"commit\":\"abcdef1\",\"volume\":\"users/bob\"}").status())
                .isEqualTo(404);
        assertThat(http().get("/skills/bob-secret?user_id=bob").json().get("description").asString()).isEqualTo("bob only");
        assertThat(http().get("/skills/planted?user_id=bob").status()).isEqualTo(404);
    }

    @Test
    void anotherTeamsVolumeCannotBeChangedAndLooksMissing() {
        String into = "{\"user_id\":\"alice\",\"team_id\":\"blue\",\"skill_id\":\"planted-team\",\"name\":\"x\",\"description\":\"d\",\"volume\":\"teams/red\"}";
        assertThat(http().post("/skills", into).status()).isEqualTo(404);
        assertThat(http().delete("/skills/red-shared?user_id=alice&team_id=blue&volume=teams/red").status()).isEqualTo(404);
    }

    @Test
    void theSystemVolumeIsReadOnlyForUsers() {
        assertThat(http().post("/skills", "{\"user_id\":\"bob\",\"skill_id\":\"sys\",\"name\":\"x\",\"description\":\"d\",\"volume\":\"system\"}").status())
                .isEqualTo(403);
        assertThat(http().delete("/skills/code-review?user_id=bob&volume=system").status()).isEqualTo(403);
        assertThat(http().get("/skills/code-review?user_id=bob").json().get("volume").asString()).isEqualTo("system");
    }

    @Test
    void volumeHistoryDiffAndStatsAreOwnerOnlyAndOthersLookMissing() {
        String commit = http().get("/volumes/users/bob/history?user_id=bob").json().get("commits").get(0).get("id").asString();
        assertThat(http().get("/volumes/users/bob/history?user_id=alice").status()).isEqualTo(404);
        assertThat(http().get("/volumes/users/bob/diff/" + commit + "?user_id=alice").status()).isEqualTo(404);
        assertThat(http().get("/volumes/teams/red/history?user_id=alice&team_id=blue").status()).isEqualTo(404);
        assertThat(http().get("/volumes/users/bob/history").status()).isEqualTo(404);
        assertThat(http().get("/volumes?user_id=alice").json().get("volumes").findValuesAsString("volume"))
                .doesNotContain("users/bob", "teams/red");
    }
}
