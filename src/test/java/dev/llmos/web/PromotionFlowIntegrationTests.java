package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import tools.jackson.databind.JsonNode;

/**
 * The newcomer's walk-through of docs/promotion.md, over HTTP in token mode: an admin makes two
 * users in one team, one promotes a skill (or an agent), the other approves it, and the whole team gets it.
 */
class PromotionFlowIntegrationTests extends TokenServer {

    private static Http admin;

    private Http admin() {
        synchronized (PromotionFlowIntegrationTests.class) {
            if (admin == null) {
                Accounts accounts = new Accounts(VOLUMES, Clock.systemUTC());
                accounts.addUser("ops-admin", true);
                admin = http().bearer(accounts.createToken("ops-admin", Scope.ADMIN, "flow").secret());
            }
            return admin;
        }
    }

    /** Makes a team with a maintainer and two members, all through the API; returns their clients. */
    private Http[] team(String team) {
        Http root = admin();
        assertThat(root.post("/teams", "{\"new_team_id\":\"" + team + "\"}").status()).isEqualTo(201);
        Http[] people = new Http[3];
        String[] names = {team + "-lead", team + "-dev", team + "-new"};
        for (int i = 0; i < 3; i++) {
            assertThat(root.post("/users", "{\"new_user_id\":\"" + names[i] + "\"}").status()).isEqualTo(201);
            String role = i == 0 ? "maintainer" : "member";
            assertThat(root.put("/teams/" + team + "/members/" + names[i], "{\"role\":\"" + role + "\"}").status()).isEqualTo(200);
            var token = root.post("/tokens", "{\"for_user\":\"" + names[i] + "\",\"scope\":\"write\"}");
            assertThat(token.status()).as(token.body()).isEqualTo(201);
            people[i] = http().bearer(token.json().get("secret").asString());
        }
        return people;
    }

    @Test
    void oneMemberPromotesAnotherApprovesAndTheWholeTeamGetsTheSkill() {
        Http[] t = team("kiwi");
        Http lead = t[0];
        Http dev = t[1];
        Http newcomer = t[2];
        assertThat(dev.post("/skills", """
                {"skill_id": "kiwi-release-checklist", "name": "Kiwi release checklist",
                 "description": "Use when cutting a kiwi release: tag, changelog, smoke test",
                 "keywords": ["kiwi", "release"], "content": "## Steps\\n1. Tag\\n2. Changelog\\n3. Smoke test\\n"}""")
                .status()).isEqualTo(201);
        assertThat(newcomer.get("/skills/kiwi-release-checklist").status()).isEqualTo(404);

        var opened = dev.post("/skills/promote", """
                {"skill_id": "kiwi-release-checklist", "reason": "Useful for all team members"}""");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = opened.json().get("id").asString();
        assertThat(opened.json().get("target").asString()).isEqualTo("teams/kiwi");
        assertThat(opened.json().get("status").asString()).isEqualTo("open");

        JsonNode inbox = lead.get("/promotions").json().get("inbox");
        assertThat(inbox.findValuesAsString("id")).contains(id);
        assertThat(dev.get("/promotions").json().get("outbox").findValuesAsString("id")).contains(id);
        String diff = lead.get("/promotions/" + id + "/diff").body();
        assertThat(diff).contains("+2. Changelog");
        assertThat(lead.post("/promotions/" + id + "/comments", "{\"text\":\"Nice, merging\"}").status()).isEqualTo(200);
        assertThat(dev.post("/promotions/" + id + "/approve", "{}").status()).as("no self-approval").isEqualTo(403);

        var approved = lead.post("/promotions/" + id + "/approve", "{\"comment\":\"thanks\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("merged");
        // Out of the reviewer's inbox, into their decided list (where Revert is found); not the author's.
        JsonNode boxes = lead.get("/promotions").json();
        assertThat(boxes.get("inbox").findValuesAsString("id")).doesNotContain(id);
        assertThat(boxes.get("decided").findValuesAsString("id")).contains(id);
        assertThat(dev.get("/promotions").json().get("decided").findValuesAsString("id")).doesNotContain(id);

        // One commit in the team volume, with the trailers that make history the audit log.
        JsonNode merge = lead.get("/volumes/teams/kiwi/history?limit=1").json().get("commits").get(0);
        assertThat(merge.get("id").asString()).isEqualTo(approved.json().get("merge_commit").asString());
        assertThat(merge.get("message").asString()).contains("Promotion: " + id)
                .contains("Promoted-From: users/kiwi-dev@").contains("Approved-By: kiwi-lead");
        // The newcomer sees it, and chat selects it for them.
        assertThat(newcomer.get("/skills/kiwi-release-checklist").json().get("volume").asString()).isEqualTo("teams/kiwi");
        var chat = newcomer.post("/chat", "{\"message\":\"How do I cut a kiwi release?\"}");
        assertThat(chat.json().get("skills_used").toString()).contains("Kiwi release checklist");
        assertThat(chat.json().get("skills").findValuesAsString("volume")).contains("teams/kiwi");

        // A merged promotion can be reverted, again as one commit.
        var reverted = lead.post("/promotions/" + id + "/revert", "{\"reason\":\"checking the revert\"}");
        assertThat(reverted.status()).as(reverted.body()).isEqualTo(200);
        assertThat(newcomer.get("/skills/kiwi-release-checklist").status()).isEqualTo(404);
    }

    @Test
    void oneMemberPromotesHerAgentAnotherApprovesAndTheWholeTeamSeesIt() {
        Http[] t = team("pear");
        Http lead = t[0];
        Http dev = t[1];
        Http newcomer = t[2];
        var put = dev.put("/agents/pear-release-notes", """
                {"content": "---\\ndescription: Writes pear's release notes from merged changes\\ntools: [search_skills]\\n---\\nYou write release notes for pear users.\\n"}""");
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(newcomer.get("/agents").json().get("agents").findValuesAsString("name")).doesNotContain("pear-release-notes");

        var opened = dev.post("/agents/pear-release-notes/promote", """
                {"reason": "Every release needs notes"}""");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = opened.json().get("id").asString();
        assertThat(opened.json().get("kind").asString()).isEqualTo("agent");
        assertThat(opened.json().get("agent").asString()).isEqualTo("pear-release-notes");
        assertThat(opened.json().has("skill_id")).isFalse();
        assertThat(opened.json().get("target").asString()).isEqualTo("teams/pear");

        assertThat(lead.get("/promotions").json().get("inbox").findValuesAsString("id")).contains(id);
        assertThat(newcomer.get("/promotions/" + id).json().get("status").asString()).isEqualTo("open");
        assertThat(lead.get("/promotions/" + id + "/diff").body()).contains("+You write release notes for pear users.");
        assertThat(dev.post("/promotions/" + id + "/approve", "{}").status()).as("no self-approval").isEqualTo(403);
        assertThat(newcomer.post("/promotions/" + id + "/approve", "{}").status()).as("members do not merge").isEqualTo(403);

        var approved = lead.post("/promotions/" + id + "/approve", "{\"comment\":\"thanks\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("merged");
        JsonNode merge = lead.get("/volumes/teams/pear/history?limit=1").json().get("commits").get(0);
        assertThat(merge.get("id").asString()).isEqualTo(approved.json().get("merge_commit").asString());
        assertThat(merge.get("message").asString()).startsWith("Promote agent pear-release-notes from users/pear-dev")
                .contains("Promotion: " + id, "Promoted-From: users/pear-dev@", "Approved-By: pear-lead");

        // The third member now has it from the team volume.
        JsonNode listed = newcomer.get("/agents").json().get("agents");
        assertThat(listed.findValuesAsString("name")).contains("pear-release-notes");
        assertThat(newcomer.get("/agents/pear-release-notes").json().get("volume").asString()).isEqualTo("teams/pear");

        // Promoting it again is refused: the team already has exactly this. Bad names and missing agents are clear.
        var again = dev.post("/agents/pear-release-notes/promote", "{\"reason\":\"again\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        var bad = dev.post("/agents/Not_An_Agent/promote", "{\"reason\":\"r\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("name");
        var missing = dev.post("/agents/pear-nothing/promote", "{\"reason\":\"r\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aTargetChangedSinceOpeningMakesTheRequestStaleAndNothingIsOverwritten() {
        Http[] t = team("lime");
        Http lead = t[0];
        Http dev = t[1];
        dev.post("/skills", "{\"skill_id\":\"lime-style\",\"name\":\"Lime style\",\"description\":\"Use for lime code style\","
                + "\"content\":\"dev version\\n\"}");
        lead.post("/skills", "{\"skill_id\":\"lime-style\",\"name\":\"Lime style\",\"description\":\"Use for lime code style\","
                + "\"content\":\"team version\\n\",\"volume\":\"team\"}");
        String id = dev.post("/skills/promote", "{\"skill_id\":\"lime-style\",\"reason\":\"mine is better\"}").json()
                .get("id").asString();
        lead.put("/skills/lime-style", "{\"name\":\"Lime style\",\"description\":\"Use for lime code style\","
                + "\"content\":\"team version, edited since\\n\",\"volume\":\"team\"}");
        String head = lead.get("/volumes/teams/lime/history?limit=1").json().get("commits").get(0).get("id").asString();

        var stale = lead.post("/promotions/" + id + "/approve", "{}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(lead.get("/volumes/teams/lime/history?limit=1").json().get("commits").get(0).get("id").asString())
                .isEqualTo(head);
        assertThat(lead.get("/promotions/" + id).json().get("status").asString()).isEqualTo("stale");
        JsonNode diff = lead.get("/promotions/" + id + "/diff").json();
        assertThat(diff.get("target_changed").asBoolean()).isTrue();
        assertThat(diff.get("theirs").toString()).contains("edited since");
        assertThat(diff.get("ours").toString()).contains("dev version");
    }

    /** Commits in a volume whose message carries this promotion's trailer. */
    private static long merges(Http http, String volume, String promotion) {
        var history = http.get("/volumes/" + volume + "/history?limit=500");
        if (history.status() == 404) {
            return 0;
        }
        return history.json().get("commits").findValuesAsString("message").stream()
                .filter(m -> m.contains("Promotion: " + promotion)).count();
    }

    @Test
    void concurrentApprovalsOfOneRequestMergeExactlyOnce() throws Exception {
        Http[] t = team("plum");
        Http dev = t[1];
        Http root = admin();
        // A second maintainer, so that two people race as well as many requests.
        root.put("/teams/plum/members/plum-new", "{\"role\":\"maintainer\"}");
        Http[] reviewers = {t[0], t[2]};
        dev.post("/skills", "{\"skill_id\":\"plum-deploy\",\"name\":\"Plum deploy\",\"description\":\"Use when deploying plum\"}");
        for (int round = 0; round < 3; round++) {
            if (round > 0) {
                dev.put("/skills/plum-deploy", "{\"name\":\"Plum deploy\",\"description\":\"Use when deploying plum, round " + round + "\"}");
            }
            var opened = dev.post("/skills/promote", "{\"skill_id\":\"plum-deploy\",\"reason\":\"round " + round + "\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            String id = opened.json().get("id").asString();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Http reviewer = reviewers[i % 2];
                answers.add(pool.submit((Callable<Integer>) () -> {
                    go.await();
                    return reviewer.post("/promotions/" + id + "/approve", "{}").status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            pool.shutdown();
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 409);
            assertThat(merges(t[0], "teams/plum", id)).isEqualTo(1);
        }
    }

    @Test
    void badPromotionsAreClear4xxAndWriteNothing() {
        Http[] t = team("fig");
        Http dev = t[1];
        dev.post("/skills", "{\"skill_id\":\"fig-notes\",\"name\":\"Fig notes\",\"description\":\"Use for fig notes\"}");
        team("date"); // another team, out of reach
        String before = dev.get("/volumes/users/fig-dev/history?limit=1").json().get("commits").get(0).get("id").asString();
        record Case(String body, int status) {
        }
        List<Case> cases = List.of(
                new Case("{\"skill_id\":\"fig-notes\",\"reason\":\"r\",\"to\":\"teams/date\"}", 404),
                new Case("{\"skill_id\":\"fig-notes\",\"reason\":\"r\",\"to\":\"system\"}", 400),
                new Case("{\"skill_id\":\"fig-notes\",\"reason\":\"r\",\"from\":\"users/fig-lead\"}", 404),
                new Case("{\"skill_id\":\"../../etc/passwd\",\"reason\":\"r\"}", 400),
                new Case("{\"skill_id\":\"fig-notes\",\"reason\":\"r\",\"to\":\"teams/../users/x\"}", 400),
                new Case("{\"skill_id\":\"fig-notes\"}", 400),
                new Case("{\"skill_id\":\"no-such-skill\",\"reason\":\"r\"}", 404),
                new Case("{\"skill_id\":\"fig-notes\",\"reason\":\"" + "x".repeat(300_000) + "\"}", 413),
                new Case("not json", 400));
        for (Case c : cases) {
            var r = dev.post("/skills/promote", c.body());
            assertThat(r.status()).as(c.body().length() > 200 ? "oversize" : c.body()).isEqualTo(c.status());
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        for (String id : List.of("prm_..%2F..%2Fx", "..", "prm_20260101_zzzzzzzz", "prm_20260101_0000abcd")) {
            int status = dev.get("/promotions/" + id).status();
            assertThat(status).as(id).isBetween(400, 404);
            assertThat(dev.post("/promotions/" + id + "/approve", "{}").status()).as(id).isBetween(400, 404);
        }
        assertThat(dev.get("/volumes/users/fig-dev/history?limit=1").json().get("commits").get(0).get("id").asString())
                .isEqualTo(before);
        assertThat(dev.get("/promotions").json().get("outbox").size()).isZero();
    }
}
