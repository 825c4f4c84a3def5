package dev.llmos.promotion;

import static dev.llmos.promotion.Fixture.ALICE;
import static dev.llmos.promotion.Fixture.ALICE_VOL;
import static dev.llmos.promotion.Fixture.BOB;
import static dev.llmos.promotion.Fixture.CAROL;
import static dev.llmos.promotion.Fixture.ENG;
import static dev.llmos.promotion.Fixture.EVE;
import static dev.llmos.promotion.Fixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.llmos.access.AccessDeniedException;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;
import dev.llmos.agent.Agent;
import dev.llmos.agent.AgentCatalog;
import dev.llmos.agent.AgentNotFoundException;
import dev.llmos.agent.InvalidAgentException;
import dev.llmos.skill.SkillNotFoundException;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;

/** Agents go user → team → system through the same requests, review and merge as skills (docs/promotion.md). */
class AgentPromotionTests {

    @TempDir
    Path root;
    Fixture f;
    PromotionService service;
    AgentCatalog agents;

    @BeforeEach
    void setUp() {
        f = new Fixture(root);
        service = f.service;
        agents = new AgentCatalog(f.store, f.catalog);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static String agent(String description, String prompt) {
        return "---\ndescription: " + description + "\ntools: [search_skills]\n---\n" + prompt + "\n";
    }

    private CommitInfo putAgent(VolumeId volume, String who, String name, String text) {
        return f.put(volume, who, Map.of("agents/" + name + ".md", text));
    }

    @Test
    void aMemberPromotesHerAgentAndAMaintainerMergesItIntoTheTeamWithTrailers() {
        CommitInfo sourceHead = putAgent(ALICE_VOL, "alice", "release-notes", agent("Writes release notes", "You write notes."));
        String teamHead = f.store.open(ENG).snapshot().commitId();
        assertThat(agents.visibleTo("carol", "eng")).extracting(Agent::name).doesNotContain("release-notes");

        Promotion opened = service.openAgent(ALICE, "release-notes", null, null, "The team writes notes every week");
        assertThat(opened.kind()).isEqualTo("agent");
        assertThat(opened.agent()).isEqualTo("release-notes");
        assertThat(opened.skillId()).isNull();
        assertThat(opened.source()).isEqualTo("users/alice");
        assertThat(opened.target()).isEqualTo("teams/eng");
        assertThat(opened.sourceCommit()).isEqualTo(sourceHead.id());
        assertThat(opened.base()).isEmpty();
        // The stored record names the agent and has no skill_id; the subject says what it is.
        String json = f.read(ALICE_VOL, "promotions/" + opened.id() + ".json");
        assertThat(json).contains("\"kind\" : \"agent\"", "\"agent\" : \"release-notes\"").doesNotContain("skill_id");
        assertThat(f.store.open(ALICE_VOL).history(null, 0, 1).get(0).message())
                .startsWith("Promotion " + opened.id() + ": opened by alice (agent release-notes, users/alice -> teams/eng)");

        assertThat(service.inbox(BOB)).extracting(Promotion::id).containsExactly(opened.id());
        assertThat(service.inbox(CAROL)).isEmpty();
        assertThat(service.outbox(ALICE)).extracting(Promotion::id).containsExactly(opened.id());
        PromotionDiff diff = service.diff(BOB, opened.id());
        assertThat(diff.kind()).isEqualTo("agent");
        assertThat(diff.agent()).isEqualTo("release-notes");
        assertThat(diff.changes()).singleElement()
                .satisfies(d -> assertThat(d.patch()).contains("+++ b/agents/release-notes.md", "+You write notes."));
        assertThatThrownBy(() -> service.approve(ALICE, opened.id(), null)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.approve(CAROL, opened.id(), null)).isInstanceOf(AccessDeniedException.class);

        Promotion merged = service.approve(BOB, opened.id(), "Thanks");
        assertThat(merged.status()).isEqualTo("merged");
        assertThat(merged.events()).extracting(Promotion.Event::kind).containsExactly("opened", "approved", "merged");
        List<CommitInfo> teamLog = f.store.open(ENG).history(null, 0, 10);
        assertThat(teamLog.get(1).id()).isEqualTo(teamHead);
        CommitInfo merge = teamLog.get(0);
        assertThat(merge.id()).isEqualTo(merged.mergeCommit());
        assertThat(merge.author()).isEqualTo("bob");
        assertThat(merge.message()).isEqualTo("Promote agent release-notes from users/alice\n\nThe team writes notes every week\n\n"
                + "Promotion: " + opened.id() + "\nPromoted-From: users/alice@" + sourceHead.id() + "\nApproved-By: bob");
        assertThat(f.read(ENG, "agents/release-notes.md")).isEqualTo(agent("Writes release notes", "You write notes."));

        // Every member of the team now has it, from the team volume.
        assertThat(agents.find("release-notes", "carol", "eng")).get().extracting(Agent::volume).isEqualTo("teams/eng");
        assertThat(agents.visibleTo("eve", "ops")).extracting(Agent::name).doesNotContain("release-notes");
        assertThat(service.inbox(BOB)).isEmpty();
        assertThat(service.get(CAROL, opened.id())).isEqualTo(merged);

        // Reverted like a skill: one commit that takes the file out again.
        Promotion reverted = service.revert(BOB, opened.id(), "Not yet");
        assertThat(reverted.status()).isEqualTo("reverted");
        assertThat(f.store.open(ENG).commitInfo(reverted.revertCommit()).message())
                .startsWith("Revert promotion of agent release-notes from users/alice").contains("Reverts-Promotion: " + opened.id());
        assertThat(f.read(ENG, "agents/release-notes.md")).isNull();
        assertThat(agents.find("release-notes", "carol", "eng")).isEmpty();
    }

    @Test
    void aMaintainerCannotApproveHisOwnAgent() {
        putAgent(VolumeId.user("bob"), "bob", "bobs", agent("Bob's", "Bob."));
        Promotion own = service.openAgent(BOB, "bobs", null, null, "Mine, for the team");
        assertThat(service.inbox(BOB)).isEmpty();
        assertThatThrownBy(() -> service.approve(BOB, own.id(), null)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("your own promotion");
        assertThat(f.read(ENG, "agents/bobs.md")).isNull();
    }

    @Test
    void aTeamAgentGoesToSystemWhenAnAdminApproves() {
        putAgent(ENG, "bob", "triage", agent("Sorts incoming issues", "You triage."));
        Promotion p = service.openAgent(BOB, "triage", "teams/eng", null, "Every team triages");
        assertThat(p.target()).isEqualTo("system");
        assertThat(service.inbox(ROOT)).extracting(Promotion::id).containsExactly(p.id());
        assertThatThrownBy(() -> service.approve(EVE, p.id(), null)).isInstanceOf(RuntimeException.class);
        Promotion merged = service.approve(ROOT, p.id(), null);
        assertThat(f.store.open(VolumeId.SYSTEM).commitInfo(merged.mergeCommit()).message())
                .contains("Promotion: " + p.id(), "Promoted-From: teams/eng@" + p.sourceCommit(), "Approved-By: root");
        assertThat(agents.find("triage", "eve", "ops")).get().extracting(Agent::volume).isEqualTo("system");
    }

    @Test
    void aTeamAgentChangedAfterOpeningMakesTheRequestStaleAndNothingIsOverwritten() {
        putAgent(ENG, "bob", "coach", agent("Team coach v1", "Team v1."));
        putAgent(ALICE_VOL, "alice", "coach", agent("Alice's coach", "Alice's."));
        Promotion p = service.openAgent(ALICE, "coach", null, null, "Mine asks better questions");
        assertThat(p.base()).containsOnlyKeys("agents/coach.md");
        putAgent(ENG, "bob", "coach", agent("Team coach v2", "Team v2."));
        String teamHead = f.head(ENG);

        assertThat(service.diff(BOB, p.id()).targetChanged()).isTrue();
        assertThatThrownBy(() -> service.approve(BOB, p.id(), null))
                .isInstanceOfSatisfying(PromotionStaleException.class, e -> {
                    assertThat(e.promotion().status()).isEqualTo("stale");
                    assertThat(e.getMessage()).contains("agents/coach.md");
                });
        assertThat(f.head(ENG)).isEqualTo(teamHead);
        assertThat(f.read(ENG, "agents/coach.md")).contains("Team coach v2");
        PromotionDiff diff = service.diff(ALICE, p.id());
        assertThat(diff.conflicts()).containsExactly("agents/coach.md");
        assertThat(diff.theirs()).singleElement().satisfies(d -> assertThat(d.patch()).contains("+description: Team coach v2"));

        // A new request against the target as it is now merges.
        Promotion again = service.openAgent(ALICE, "coach", null, null, "Rebased on v2");
        assertThat(service.withdraw(ALICE, p.id()).status()).isEqualTo("withdrawn");
        assertThat(service.approve(BOB, again.id(), null).status()).isEqualTo("merged");
        assertThat(f.read(ENG, "agents/coach.md")).contains("Alice's coach");
    }

    @Test
    void anAgentMustBeDefinedInTheSourceParseAndDifferFromTheTarget() {
        putAgent(ENG, "bob", "team-only", agent("The team's", "Team."));
        putAgent(ENG, "bob", "same", agent("The same", "Same."));
        putAgent(ALICE_VOL, "alice", "same", agent("The same", "Same."));
        putAgent(ALICE_VOL, "alice", "broken", "---\ntools: [teleport]\n---\nHi.\n");
        putAgent(ALICE_VOL, "alice", "mine", agent("Mine", "Mine."));
        Map<VolumeId, String> heads = f.heads();

        assertThatThrownBy(() -> service.openAgent(ALICE, "missing", null, null, "r")).isInstanceOf(AgentNotFoundException.class)
                .hasMessageContaining("users/alice");
        // Seen through the team layer is not defined in her volume.
        assertThat(agents.find("team-only", "alice", "eng")).isPresent();
        assertThatThrownBy(() -> service.openAgent(ALICE, "team-only", null, null, "r")).isInstanceOf(AgentNotFoundException.class);
        // A file with errors is not an agent: the same 422 as PUT /agents/{name}, with its problems.
        assertThatThrownBy(() -> service.openAgent(ALICE, "broken", null, null, "r"))
                .isInstanceOfSatisfying(InvalidAgentException.class, e -> assertThat(e.problems())
                        .extracting(dev.llmos.skill.SkillProblem::field).contains("description", "tools"));
        // Identical in the target: nothing to promote.
        assertThatThrownBy(() -> service.openAgent(ALICE, "same", null, null, "r")).isInstanceOf(PromotionStateException.class)
                .hasMessageContaining("nothing to promote");
        // The usual checks of volumes, access and fields hold for agents.
        assertThatThrownBy(() -> service.openAgent(ALICE, "mine", null, "system", "r")).isInstanceOf(InvalidPromotionException.class)
                .hasMessageContaining("agents go from a user volume");
        assertThatThrownBy(() -> service.openAgent(CAROL, "mine", "users/alice", null, "r"))
                .isInstanceOf(dev.llmos.access.NotVisibleException.class);
        assertThatThrownBy(() -> service.openAgent(ALICE, "mine", null, null, " ")).isInstanceOf(InvalidPromotionException.class)
                .extracting(e -> ((InvalidPromotionException) e).field()).isEqualTo("reason");
        assertThat(f.heads()).as("no refusal writes anything").isEqualTo(heads);
    }

    @Test
    void openingAnAgentNeedsWriteOnTheSourceAndSightOfTheTarget() {
        putAgent(ALICE_VOL, "alice", "mine", agent("Mine", "Mine."));
        putAgent(ENG, "bob", "team-agent", agent("The team's", "Team."));
        Map<VolumeId, String> heads = f.heads();
        Principal aliceRead = new Principal("alice", "eng", TeamRole.MEMBER, false, Scope.READ);
        assertThatThrownBy(() -> service.openAgent(aliceRead, "mine", null, null, "r")).isInstanceOf(AccessDeniedException.class);
        // A member (not maintainer) cannot propose the team's agent to system; a team one is not in is invisible.
        assertThatThrownBy(() -> service.openAgent(CAROL, "team-agent", "teams/eng", "system", "r"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.openAgent(ALICE, "mine", null, "teams/ops", "r"))
                .isInstanceOf(dev.llmos.access.NotVisibleException.class);
        assertThatThrownBy(() -> service.openAgent(EVE, "team-agent", "teams/eng", "system", "r"))
                .isInstanceOf(dev.llmos.access.NotVisibleException.class);
        assertThatThrownBy(() -> service.openAgent(Principal.ANONYMOUS, "mine", null, null, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(f.heads()).isEqualTo(heads);
        // The pending request is seen by the team (members read a team target) but not by others.
        Promotion p = service.openAgent(ALICE, "mine", null, null, "r");
        assertThat(service.get(CAROL, p.id()).agent()).isEqualTo("mine");
        assertThatThrownBy(() -> service.get(EVE, p.id())).isInstanceOf(dev.llmos.access.NotVisibleException.class);
        assertThatThrownBy(() -> service.approve(EVE, p.id(), null)).isInstanceOf(dev.llmos.access.NotVisibleException.class);
        assertThatThrownBy(() -> service.withdraw(CAROL, p.id())).isInstanceOf(AccessDeniedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../one", "agents/one", "One", "one.md", "a/b", "..", ".git", "one\n", "-x"})
    void agentNamesWithPathTricksAreA400NamingTheField(String name) {
        Map<VolumeId, String> heads = f.heads();
        assertThatThrownBy(() -> service.openAgent(ALICE, name, null, null, "r")).isInstanceOf(InvalidPromotionException.class)
                .extracting(e -> ((InvalidPromotionException) e).field()).isEqualTo("name");
        assertThat(f.heads()).isEqualTo(heads);
    }

    @Test
    void aSkillAndAnAgentOfTheSameNameAreSeparateRequests() {
        f.putSeed(ALICE_VOL, "alice", "helper", "A helper skill");
        putAgent(ALICE_VOL, "alice", "helper", agent("A helper agent", "Help."));
        Promotion skill = service.open(ALICE, "helper", null, null, "skill");
        Promotion agent = service.openAgent(ALICE, "helper", null, null, "agent");
        assertThatThrownBy(() -> service.openAgent(ALICE, "helper", null, null, "again"))
                .isInstanceOf(PromotionStateException.class).hasMessageContaining(agent.id()).hasMessageContaining("agent helper");
        assertThat(service.approve(BOB, agent.id(), null).status()).isEqualTo("merged");
        // Merging the agent did not touch the skill's paths, so the skill request is still mergeable.
        assertThat(f.read(ENG, "skills/helper.md")).isNull();
        assertThat(service.approve(BOB, skill.id(), null).status()).isEqualTo("merged");
        assertThat(f.read(ENG, "skills/helper.md")).contains("A helper skill");
        assertThat(f.read(ENG, "agents/helper.md")).contains("A helper agent");
    }

    @Test
    void aRecordWrittenBeforeAgentsCouldBePromotedStillReadsAsASkill() {
        f.putSeed(ALICE_VOL, "alice", "legacy", "An old request");
        Promotion p = service.open(ALICE, "legacy", null, null, "old");
        // As an older LLMos wrote it: no kind and no agent field.
        String path = "promotions/" + p.id() + ".json";
        String old = f.read(ALICE_VOL, path);
        String legacy = old.replaceAll("(?m)^\\s*\"kind\" : \"skill\",\\n", "");
        assertThat(old).contains("\"kind\" : \"skill\"");
        assertThat(legacy).doesNotContain("\"kind\" : \"skill\"").doesNotContain("\"agent\"").contains("\"skill_id\" : \"legacy\"");
        f.store.open(ALICE_VOL).commit(Author.user("alice"), "as written by an older LLMos",
                List.of(new FileChange.Put(path, legacy.getBytes(StandardCharsets.UTF_8))));

        PromotionService restarted = f.restarted();
        Promotion read = restarted.get(BOB, p.id());
        assertThat(read.kind()).isEqualTo("skill");
        assertThat(read.skillId()).isEqualTo("legacy");
        assertThat(read.agent()).isNull();
        assertThat(restarted.inbox(BOB)).extracting(Promotion::id).containsExactly(p.id());
        assertThat(restarted.approve(BOB, p.id(), null).status()).isEqualTo("merged");
        assertThat(f.read(ENG, "skills/legacy.md")).contains("An old request");
        assertThat(f.store.open(ENG).history(null, 0, 1).get(0).message()).startsWith("Promote skill legacy from users/alice");
    }

    @Test
    void aRecordThatMixesUpKindsIsDamagedAndLeftOutOfLists() {
        putAgent(ALICE_VOL, "alice", "mixed", agent("Mixed", "Mixed."));
        Promotion p = service.openAgent(ALICE, "mixed", null, null, "r");
        String path = "promotions/" + p.id() + ".json";
        for (String bad : List.of(
                f.read(ALICE_VOL, path).replace("\"agent\" : \"mixed\"", "\"agent\" : \"../x\""),
                f.read(ALICE_VOL, path).replace("\"kind\" : \"agent\"", "\"kind\" : \"skill\""),
                f.read(ALICE_VOL, path).replace("\"kind\" : \"agent\"", "\"kind\" : \"plugin\""))) {
            f.store.open(ALICE_VOL).commit(Author.user("alice"), "hand edit",
                    List.of(new FileChange.Put(path, bad.getBytes(StandardCharsets.UTF_8))));
            PromotionService fresh = f.restarted();
            assertThat(fresh.inbox(BOB)).isEmpty();
            assertThatThrownBy(() -> fresh.get(ALICE, p.id())).isInstanceOf(PromotionStateException.class)
                    .hasMessageContaining("cannot be used");
        }
    }

    @Test
    void aMergeTheRecordDidNotLearnOfIsFoundByItsTrailerOnTheAgentsPath() {
        putAgent(ALICE_VOL, "alice", "crashy", agent("Crashy", "Crash."));
        Promotion p = service.openAgent(ALICE, "crashy", null, null, "r");
        String path = "promotions/" + p.id() + ".json";
        String open = f.read(ALICE_VOL, path);
        Promotion merged = service.approve(BOB, p.id(), null);
        // Put the record back to open, as if LLMos had stopped between the target commit and the record's.
        f.store.open(ALICE_VOL).commit(Author.user("alice"), "undo the record",
                List.of(new FileChange.Put(path, open.getBytes(StandardCharsets.UTF_8))));
        Promotion recovered = f.restarted().get(ALICE, p.id());
        assertThat(recovered.status()).isEqualTo("merged");
        assertThat(recovered.mergeCommit()).isEqualTo(merged.mergeCommit());
        assertThatThrownBy(() -> service.open(ALICE, "crashy", null, null, "r")).isInstanceOf(SkillNotFoundException.class);
    }
}
