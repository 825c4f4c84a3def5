package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import tools.jackson.databind.JsonNode;

/**
 * docs/security.md: admins manage users, teams and tokens, but neither read other users' traces nor
 * write their volumes. Evolution does both (it reads the traces and commits drafts quoting them), so an
 * admin cannot run it for someone else, and another user's run reports show an admin the figures only.
 */
class AdminBoundaryTests extends TokenServer {

    @Test
    void anAdminCannotEvolveAnotherUsersTracesNorSeeWhatTheirRunsDrafted() {
        Accounts accounts = accounts();
        accounts.addUser("carol", false);
        accounts.addUser("boss", true);
        Http carol = http().bearer(accounts.createToken("carol", Scope.WRITE, "c").secret());
        Http boss = http().bearer(accounts.createToken("boss", Scope.ADMIN, "b").secret());
        List<String> ids = new ArrayList<>();
        for (String message : EvolutionIntegrationTests.RECIPES) {
            ids.add(carol.post("/chat", "{\"message\":" + Http.JSON.writeValueAsString(message + " (carol's secret pantry)") + "}")
                    .json().get("trace_id").asString());
        }
        for (String message : EvolutionIntegrationTests.OTHERS) {
            carol.post("/chat", "{\"message\":" + Http.JSON.writeValueAsString(message) + "}");
        }
        for (String id : ids.subList(0, 2)) {
            assertThat(carol.post("/traces/" + id + "/feedback", "{\"rating\":\"up\"}").status()).isEqualTo(200);
        }
        String carolsHead = head(carol);

        Http.Reply forCarol = boss.post("/evolve", "{\"for_user\":\"carol\",\"auto_apply\":true}");
        assertThat(forCarol.status()).as(forCarol.body()).isEqualTo(403);
        assertThat(forCarol.contentType()).startsWith("application/problem+json");
        assertThat(forCarol.body()).doesNotContain("chickpeas").contains("traces");
        assertThat(head(carol)).as("nothing written to carol's volume").isEqualTo(carolsHead);

        // Carol runs it herself; an admin's view of her runs is operational: figures, no drafted text.
        JsonNode own = carol.post("/evolve", "{}").json();
        assertThat(own.get("drafts").toString()).contains("chickpea");
        Http.Reply runs = boss.get("/evolution/runs?for_user=carol");
        assertThat(runs.status()).isEqualTo(200);
        JsonNode run = runs.json().get("runs").get(0);
        assertThat(run.get("skills_created").asInt()).isEqualTo(own.get("skills_created").asInt());
        assertThat(run.get("drafts")).isEmpty();
        assertThat(runs.body()).doesNotContain("chickpea").doesNotContain("pantry");
        assertThat(carol.get("/evolution/runs").body()).contains("chickpea");
    }

    private static String head(Http who) {
        return who.get("/volumes/users/carol/history?limit=1").json().get("commits").get(0).get("id").asString();
    }
}
