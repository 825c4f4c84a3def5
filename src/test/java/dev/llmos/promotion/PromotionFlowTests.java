package dev.llmos.promotion;

import static dev.llmos.promotion.Fixture.ALICE;
import static dev.llmos.promotion.Fixture.ALICE_VOL;
import static dev.llmos.promotion.Fixture.BOB;
import static dev.llmos.promotion.Fixture.CAROL;
import static dev.llmos.promotion.Fixture.ENG;
import static dev.llmos.promotion.Fixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.skill.Skill;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.VolumeId;

class PromotionFlowTests {

    @TempDir
    Path root;
    Fixture f;
    PromotionService service;

    @BeforeEach
    void setUp() {
        f = new Fixture(root);
        service = f.service;
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aReviewersOwnRequestIsInTheirOutboxNotTheirInbox() {
        f.putSeed(VolumeId.user("bob"), "bob", "bob-style", "How bob writes tests");
        Promotion own = service.open(BOB, "bob-style", null, null, "Mine, for the team");
        assertThat(service.inbox(BOB)).isEmpty();
        assertThat(service.outbox(BOB)).extracting(Promotion::id).containsExactly(own.id());
    }

    @Test
    void aMemberPromotesToHerTeamAndAMaintainerMergesItAsOneCommitWithTrailers() {
        CommitInfo sourceHead = f.putSeed(ALICE_VOL, "alice", "pytest-style", "How we write pytest tests");
        String teamHead = f.store.open(ENG).snapshot().commitId();

        Promotion opened = service.open(ALICE, "pytest-style", null, null, "The whole team should use this");
        assertThat(opened.id()).matches("prm_\\d{8}_[0-9a-f]{8}");
        assertThat(opened.source()).isEqualTo("users/alice");
        assertThat(opened.target()).isEqualTo("teams/eng");
        assertThat(opened.sourceCommit()).isEqualTo(sourceHead.id());
        assertThat(opened.base()).isEmpty();
        assertThat(opened.status()).isEqualTo("open");
        assertThat(service.inbox(BOB)).extracting(Promotion::id).containsExactly(opened.id());
        assertThat(service.inbox(CAROL)).isEmpty();
        assertThat(service.outbox(ALICE)).extracting(Promotion::id).containsExactly(opened.id());
        assertThat(service.diff(BOB, opened.id()).changes()).singleElement()
                .satisfies(d -> assertThat(d.patch()).contains("+++ b/skills/pytest-style.md", "+description: How we write pytest tests"));

        Promotion merged = service.approve(BOB, opened.id(), "Looks good");
        assertThat(merged.status()).isEqualTo("merged");
        assertThat(merged.events()).extracting(Promotion.Event::kind).containsExactly("opened", "approved", "merged");

        List<CommitInfo> teamLog = f.store.open(ENG).history(null, 0, 10);
        assertThat(teamLog.get(1).id()).isEqualTo(teamHead);
        CommitInfo merge = teamLog.get(0);
        assertThat(merge.id()).isEqualTo(merged.mergeCommit());
        assertThat(merge.author()).isEqualTo("bob");
        assertThat(merge.message()).isEqualTo("Promote skill pytest-style from users/alice\n\nThe whole team should use this\n\n"
                + "Promotion: " + opened.id() + "\nPromoted-From: users/alice@" + sourceHead.id() + "\nApproved-By: bob");
        assertThat(f.read(ENG, "skills/pytest-style.md")).isEqualTo(Fixture.seed("pytest-style", "How we write pytest tests"));

        assertThat(f.catalog.visibleTo("carol", "eng")).extracting(Skill::id).contains("pytest-style");
        assertThat(f.catalog.findIn(ENG, "pytest-style")).get().extracting(Skill::volume).isEqualTo("teams/eng");

        List<CommitInfo> audit = f.store.open(ALICE_VOL).history("promotions/" + opened.id() + ".json", 0, 10);
        assertThat(audit).extracting(CommitInfo::author).containsExactly("bob", "alice");
        assertThat(audit.get(0).message()).startsWith("Promotion " + opened.id() + ": approved by bob, merged into teams/eng");
        assertThat(audit.get(1).message()).startsWith("Promotion " + opened.id() + ": opened by alice");
        assertThat(service.inbox(BOB)).isEmpty();
        assertThat(service.get(ALICE, opened.id())).isEqualTo(merged);
    }

    @Test
    void anAdminMergesATeamSkillIntoSystem() {
        f.putSeed(ENG, "bob", "code-review", "How eng reviews code");
        Promotion p = service.open(BOB, "code-review", "teams/eng", null, "Good for everyone");
        assertThat(p.target()).isEqualTo("system");
        assertThat(service.inbox(ROOT)).extracting(Promotion::id).containsExactly(p.id());
        assertThat(service.inbox(BOB)).isEmpty();
        assertThat(service.get(CAROL, p.id()).id()).isEqualTo(p.id()); // members read the team source

        Promotion merged = service.approve(ROOT, p.id(), null);
        assertThat(merged.status()).isEqualTo("merged");
        assertThat(f.store.open(VolumeId.SYSTEM).commitInfo(merged.mergeCommit()).message())
                .contains("Promotion: " + p.id(), "Promoted-From: teams/eng@" + p.sourceCommit(), "Approved-By: root");
        assertThat(f.catalog.visibleTo("eve", "ops")).extracting(Skill::id).contains("code-review");
    }

    @Test
    void aTargetEditedAfterOpeningMakesTheRequestStaleWithAThreeWayDiff() {
        f.putSeed(ENG, "bob", "style", "Team style v1");
        f.putSeed(ALICE_VOL, "alice", "style", "Alice style");
        Promotion p = service.open(ALICE, "style", null, null, "Mine is better");
        assertThat(p.base()).containsOnlyKeys("skills/style.md");
        f.putSeed(ENG, "bob", "style", "Team style v2");
        String teamHead = f.head(ENG);

        assertThat(service.diff(BOB, p.id()).targetChanged()).isTrue();
        assertThatThrownBy(() -> service.approve(BOB, p.id(), null))
                .isInstanceOfSatisfying(PromotionStaleException.class, e -> {
                    assertThat(e.promotion().status()).isEqualTo("stale");
                    assertThat(e.getMessage()).contains("skills/style.md");
                });
        assertThat(f.head(ENG)).isEqualTo(teamHead);
        assertThat(f.read(ENG, "skills/style.md")).contains("Team style v2");
        assertThat(service.get(ALICE, p.id()).status()).isEqualTo("stale");
        assertThat(service.inbox(BOB)).extracting(Promotion::status).containsExactly("stale");

        PromotionDiff diff = service.diff(ALICE, p.id());
        assertThat(diff.targetChanged()).isTrue();
        assertThat(diff.theirs()).singleElement().satisfies(d -> assertThat(d.patch()).contains("-description: Team style v1", "+description: Team style v2"));
        assertThat(diff.ours()).singleElement().satisfies(d -> assertThat(d.patch()).contains("-description: Team style v1", "+description: Alice style"));
        assertThat(diff.changes()).singleElement().satisfies(d -> assertThat(d.patch()).contains("-description: Team style v2", "+description: Alice style"));
        assertThat(diff.conflicts()).containsExactly("skills/style.md");

        assertThatThrownBy(() -> service.approve(BOB, p.id(), null)).isInstanceOf(PromotionStateException.class)
                .isNotInstanceOf(PromotionStaleException.class);
        // The author may open a new request against the target as it is now, and withdraw the stale one.
        Promotion again = service.open(ALICE, "style", null, null, "Rebased on v2");
        assertThat(again.base()).isEqualTo(Map.of("skills/style.md", f.store.open(ENG).snapshot().blobId("skills/style.md").get()));
        assertThat(service.withdraw(ALICE, p.id()).status()).isEqualTo("withdrawn");
        assertThat(service.approve(BOB, again.id(), null).status()).isEqualTo("merged");
    }

    @Test
    void rejectingAndWithdrawingAreRecordedAndFinal() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        f.putSeed(ALICE_VOL, "alice", "two", "Two");
        Promotion a = service.open(ALICE, "one", null, null, "r1");
        Promotion b = service.open(ALICE, "two", null, null, "r2");
        String teamHead = f.head(ENG);

        assertThatThrownBy(() -> service.reject(BOB, a.id(), " ")).isInstanceOf(InvalidPromotionException.class);
        Promotion rejected = service.reject(BOB, a.id(), "Too specific");
        assertThat(rejected.status()).isEqualTo("rejected");
        assertThat(rejected.events().get(1)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo("rejected");
            assertThat(e.author()).isEqualTo("bob");
            assertThat(e.text()).isEqualTo("Too specific");
        });
        assertThatThrownBy(() -> service.withdraw(BOB, b.id())).isInstanceOf(dev.llmos.access.AccessDeniedException.class);
        assertThat(service.withdraw(ALICE, b.id()).status()).isEqualTo("withdrawn");

        assertThatThrownBy(() -> service.approve(BOB, a.id(), null)).isInstanceOf(PromotionStateException.class);
        assertThatThrownBy(() -> service.approve(BOB, b.id(), null)).isInstanceOf(PromotionStateException.class);
        assertThatThrownBy(() -> service.withdraw(ALICE, a.id())).isInstanceOf(PromotionStateException.class);
        assertThatThrownBy(() -> service.revert(BOB, a.id(), "no")).isInstanceOf(PromotionStateException.class);
        assertThat(f.head(ENG)).isEqualTo(teamHead);
        assertThat(service.outbox(ALICE)).extracting(Promotion::status).containsExactlyInAnyOrder("rejected", "withdrawn");
        assertThat(f.store.open(ALICE_VOL).history("promotions/" + a.id() + ".json", 0, 10)).extracting(CommitInfo::author)
                .containsExactly("bob", "alice");
    }

    @Test
    void commentsAreAddedByAnyoneWhoSeesTheRequest() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.open(ALICE, "one", null, null, "r");
        service.comment(BOB, p.id(), "Could you add an example?");
        Promotion q = service.comment(ALICE, p.id(), "Done in the next one");
        assertThat(q.events()).extracting(Promotion.Event::author).containsExactly("alice", "bob", "alice");
        assertThat(q.status()).isEqualTo("open");
        assertThatThrownBy(() -> service.comment(BOB, p.id(), "x".repeat(10_001))).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.comment(BOB, p.id(), "bell\u0007")).isInstanceOf(InvalidPromotionException.class);
    }

    @Test
    void approvingTwiceIsAConflictAndOnlyOneRequestPerSkillAndTargetIsOpen() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.open(ALICE, "one", null, null, "r");
        assertThatThrownBy(() -> service.open(ALICE, "one", null, "teams/eng", "again"))
                .isInstanceOf(PromotionStateException.class).hasMessageContaining(p.id());
        service.approve(BOB, p.id(), null);
        assertThatThrownBy(() -> service.approve(BOB, p.id(), null)).isInstanceOf(PromotionStateException.class)
                .hasMessageContaining("is merged");
        assertThatThrownBy(() -> service.open(ALICE, "one", null, null, "same content"))
                .isInstanceOf(PromotionStateException.class).hasMessageContaining("nothing to promote");
    }

    @Test
    void aMergedPromotionIsRevertedToTheTargetsPreviousContent() {
        f.putSeed(ENG, "bob", "style", "Team style");
        String before = f.read(ENG, "skills/style.md");
        f.putSeed(ALICE_VOL, "alice", "style", "Alice style");
        Promotion p = service.open(ALICE, "style", null, null, "better");
        assertThatThrownBy(() -> service.revert(BOB, p.id(), "nope")).isInstanceOf(PromotionStateException.class);
        service.approve(BOB, p.id(), null);
        assertThatThrownBy(() -> service.revert(CAROL, p.id(), "nope")).isInstanceOf(dev.llmos.access.AccessDeniedException.class);

        Promotion reverted = service.revert(BOB, p.id(), "Broke the build");
        assertThat(reverted.status()).isEqualTo("reverted");
        assertThat(f.read(ENG, "skills/style.md")).isEqualTo(before);
        CommitInfo undo = f.store.open(ENG).commitInfo(reverted.revertCommit());
        assertThat(undo.message()).contains("Broke the build", "Reverts-Promotion: " + p.id(), "Reverted-By: bob");
        assertThat(undo.author()).isEqualTo("bob");
        assertThatThrownBy(() -> service.revert(BOB, p.id(), "again")).isInstanceOf(PromotionStateException.class);
        assertThat(service.diff(ALICE, p.id()).changes()).singleElement()
                .satisfies(d -> assertThat(d.patch()).contains("+description: Alice style"));
    }

    @Test
    void aSkillChangedAfterTheMergeIsNotRevertedOverTheChange() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.open(ALICE, "one", null, null, "r");
        service.approve(BOB, p.id(), null);
        f.putSeed(ENG, "bob", "one", "One, edited by the team");
        String head = f.head(ENG);
        assertThatThrownBy(() -> service.revert(BOB, p.id(), "undo")).isInstanceOf(PromotionStateException.class)
                .hasMessageContaining("changed since");
        assertThat(f.head(ENG)).isEqualTo(head);
    }

    @Test
    void aFolderSkillPromotesAllItsFilesAndRemovesWhatTheSourceDropped() {
        f.put(ALICE_VOL, "alice", Map.of("skills/guide/SKILL.md", Fixture.agentSkill("guide", "A guide"),
                "skills/guide/references/guide.md", "# Reference\n", "skills/guide/references/old.md", "# Old\n"));
        Promotion first = service.open(ALICE, "guide", null, null, "share");
        service.approve(BOB, first.id(), null);
        assertThat(f.read(ENG, "skills/guide/references/guide.md")).isEqualTo("# Reference\n");
        assertThat(f.read(ENG, "skills/guide/references/old.md")).isEqualTo("# Old\n");
        assertThat(f.catalog.findIn(ENG, "guide")).get().extracting(Skill::files).asList()
                .containsExactlyInAnyOrder("references/guide.md", "references/old.md");

        Map<String, String> edit = new HashMap<>();
        edit.put("skills/guide/references/old.md", null);
        edit.put("skills/guide/references/guide.md", "# Reference v2\n");
        f.put(ALICE_VOL, "alice", edit);
        Promotion second = service.open(ALICE, "guide", null, null, "drop the old reference");
        assertThat(second.base()).containsOnlyKeys("skills/guide/SKILL.md", "skills/guide/references/guide.md",
                "skills/guide/references/old.md");
        assertThat(service.diff(BOB, second.id()).changes()).extracting(d -> d.change())
                .containsExactly("modify", "delete");
        Promotion merged = service.approve(BOB, second.id(), null);
        assertThat(f.read(ENG, "skills/guide/references/old.md")).isNull();
        assertThat(f.read(ENG, "skills/guide/references/guide.md")).isEqualTo("# Reference v2\n");
        assertThat(f.store.open(ENG).diff(merged.mergeCommit(), null)).hasSize(2);
    }

    @Test
    void approvingWhenTheTargetAlreadyHasTheContentRecordsAMergeWithoutACommit() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.open(ALICE, "one", null, null, "r");
        f.putSeed(ENG, "bob", "one", "One"); // the same bytes, written by hand meanwhile
        String head = f.head(ENG);
        Promotion merged = service.approve(BOB, p.id(), null);
        assertThat(merged.status()).isEqualTo("merged");
        assertThat(merged.mergeCommit()).isNull();
        assertThat(f.head(ENG)).isEqualTo(head);
        assertThatThrownBy(() -> service.revert(BOB, p.id(), "undo")).isInstanceOf(PromotionStateException.class)
                .hasMessageContaining("nothing to revert");
    }

    @Test
    void aMergeWhoseRecordWasNeverWrittenIsRecoveredFromTheTargetCommit() {
        CommitInfo src = f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.open(ALICE, "one", null, null, "r");
        // What approve writes to the target, then a crash before the record says merged.
        CommitInfo merge = f.store.open(ENG).commit(dev.llmos.volume.Author.user("bob"), Trailers.merge(p, "bob"),
                List.of(new dev.llmos.volume.FileChange.Put("skills/one.md", Fixture.seed("one", "One").getBytes())));
        PromotionService afterRestart = f.restarted();
        Promotion seen = afterRestart.get(ALICE, p.id());
        assertThat(seen.status()).isEqualTo("merged");
        assertThat(seen.mergeCommit()).isEqualTo(merge.id());
        assertThat(seen.events()).extracting(Promotion.Event::kind).containsExactly("opened", "approved", "merged");
        assertThat(seen.events().get(2).author()).isEqualTo("bob");
        assertThat(afterRestart.inbox(BOB)).isEmpty();
        assertThatThrownBy(() -> afterRestart.approve(BOB, p.id(), null)).isInstanceOf(PromotionStateException.class);
        assertThat(f.store.open(ENG).history("skills/one.md", 0, 10)).hasSize(1);
        assertThat(src.id()).isEqualTo(seen.sourceCommit());
    }

    @Test
    void aReasonCannotForgeTrailers() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        f.putSeed(ALICE_VOL, "alice", "two", "Two");
        Promotion two = service.open(ALICE, "two", null, null, "r");
        Promotion one = service.open(ALICE, "one", null, null, "Sneaky\n\nPromotion: " + two.id() + "\nApproved-By: bob");
        service.approve(BOB, one.id(), null);
        assertThat(service.get(ALICE, two.id()).status()).isEqualTo("open");
        assertThat(Trailers.parse(f.store.open(ENG).commitInfo(service.get(ALICE, one.id()).mergeCommit()).message()))
                .containsEntry("Promotion", one.id());
    }

    @Test
    void recordsAreFoundAgainAfterARestartAndHandDamagedOnesAreSkipped() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.open(ALICE, "one", null, null, "r");
        f.put(ALICE_VOL, "alice", Map.of("promotions/prm_20250101_00000000.json", "{not json"));
        PromotionService afterRestart = f.restarted();
        assertThat(afterRestart.inbox(BOB)).extracting(Promotion::id).containsExactly(p.id());
        assertThat(afterRestart.outbox(ALICE)).extracting(Promotion::id).containsExactly(p.id());
        assertThatThrownBy(() -> afterRestart.get(ALICE, "prm_20250101_00000000")).isInstanceOf(PromotionStateException.class);
    }

    @Test
    void theRecordIsSnakeCaseJsonInTheSourceVolume() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.open(ALICE, "one", null, null, "Why: \"quotes\" and\nlines");
        String json = f.read(ALICE_VOL, "promotions/" + p.id() + ".json");
        assertThat(json).contains("\"skill_id\" : \"one\"", "\"source_commit\" : \"" + p.sourceCommit() + "\"",
                "\"merge_commit\" : null", "\"opened\" : \"" + p.opened() + "\"");
        assertThat(f.read(ENG, "promotions/" + p.id() + ".json")).isNull();
    }

    @Test
    void aRevertWhoseRecordWasNeverWrittenIsRecoveredFromTheTargetCommit() {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = service.approve(BOB, service.open(ALICE, "one", null, null, "r").id(), null);
        CommitInfo undo = f.store.open(ENG).commit(dev.llmos.volume.Author.user("bob"), Trailers.revert(p, "bob", "undo"),
                List.of(new dev.llmos.volume.FileChange.Delete("skills/one.md")));
        Promotion seen = f.restarted().get(BOB, p.id());
        assertThat(seen.status()).isEqualTo("reverted");
        assertThat(seen.revertCommit()).isEqualTo(undo.id());
        assertThat(seen.mergeCommit()).isEqualTo(p.mergeCommit());
        assertThat(f.store.open(ALICE_VOL).history("promotions/" + p.id() + ".json", 0, 1).get(0).author()).isEqualTo("LLMos");
    }
}
