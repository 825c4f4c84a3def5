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

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.llmos.access.AccessDeniedException;
import dev.llmos.access.NotVisibleException;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;
import dev.llmos.skill.SkillNotFoundException;
import dev.llmos.volume.VolumeId;

class PromotionAccessTests {

    static final Principal ALICE_READ = new Principal("alice", "eng", TeamRole.MEMBER, false, Scope.READ);
    static final Principal BOB_READ = new Principal("bob", "eng", TeamRole.MAINTAINER, false, Scope.READ);

    @TempDir
    Path root;
    Fixture f;
    PromotionService service;
    Promotion pending;

    @BeforeEach
    void setUp() {
        f = new Fixture(root);
        service = f.service;
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        f.putSeed(ENG, "bob", "team-skill", "A team skill");
        f.putSeed(VolumeId.team("ops"), "eve", "ops-skill", "An ops skill");
        pending = service.open(ALICE, "one", null, null, "r");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void theAuthorCannotApproveHerOwnPromotion() {
        f.putSeed(VolumeId.user("bob"), "bob", "mine", "Mine");
        Promotion own = service.open(BOB, "mine", null, null, "r");
        assertThatThrownBy(() -> service.approve(BOB, own.id(), null)).isInstanceOf(AccessDeniedException.class)
                .hasMessage("you cannot approve your own promotion");
        Promotion system = service.open(ROOT.withTeam("eng", TeamRole.MAINTAINER), "team-skill", "teams/eng", null, "r");
        assertThatThrownBy(() -> service.approve(ROOT, system.id(), null)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void onlyTheTargetsReviewersDecide() {
        assertThatThrownBy(() -> service.approve(CAROL, pending.id(), null)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("maintainers");
        assertThatThrownBy(() -> service.reject(CAROL, pending.id(), "no")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.approve(ALICE, pending.id(), null)).isInstanceOf(AccessDeniedException.class);

        Promotion toSystem = service.open(BOB, "team-skill", "teams/eng", "system", "r");
        Principal otherMaintainer = new Principal("dan", "eng", TeamRole.MAINTAINER, false, Scope.WRITE);
        assertThatThrownBy(() -> service.approve(otherMaintainer, toSystem.id(), null)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("system admins");
        Principal adminWithoutAdminScope = new Principal("root", "eng", TeamRole.MEMBER, true, Scope.WRITE);
        assertThatThrownBy(() -> service.approve(adminWithoutAdminScope, toSystem.id(), null)).isInstanceOf(AccessDeniedException.class);
        // An admin of another team does not see a team's request into system until acting as admin.
        assertThatThrownBy(() -> service.get(new Principal("root", "ops", TeamRole.MEMBER, true, Scope.WRITE), toSystem.id()))
                .isInstanceOf(NotVisibleException.class);
        assertThat(f.head(VolumeId.SYSTEM)).isNull();
    }

    @Test
    void anotherTeamCannotSeeTheRequestAtAll() {
        String id = pending.id();
        assertThatThrownBy(() -> service.get(EVE, id)).isInstanceOf(NotVisibleException.class).hasMessage("promotion " + id + " was not found");
        assertThatThrownBy(() -> service.diff(EVE, id)).isInstanceOf(NotVisibleException.class);
        assertThatThrownBy(() -> service.comment(EVE, id, "hi")).isInstanceOf(NotVisibleException.class);
        assertThatThrownBy(() -> service.approve(EVE, id, null)).isInstanceOf(NotVisibleException.class);
        assertThatThrownBy(() -> service.reject(EVE, id, "no")).isInstanceOf(NotVisibleException.class);
        assertThatThrownBy(() -> service.withdraw(EVE, id)).isInstanceOf(NotVisibleException.class);
        assertThatThrownBy(() -> service.revert(ROOT, id, "no")).isInstanceOf(NotVisibleException.class);
        assertThatThrownBy(() -> service.get(Principal.ANONYMOUS, id)).isInstanceOf(NotVisibleException.class);
        // A member of the target team sees what is proposed to the team (like a pull request), but cannot decide.
        assertThat(service.get(CAROL, id).id()).isEqualTo(id);
        assertThatThrownBy(() -> service.approve(CAROL, id, null)).isInstanceOf(AccessDeniedException.class);
        assertThat(service.inbox(EVE)).isEmpty();
        assertThat(service.outbox(EVE)).isEmpty();
        // An unknown id looks the same.
        assertThatThrownBy(() -> service.get(EVE, "prm_20250101_0badf00d")).isInstanceOf(PromotionNotFoundException.class)
                .hasMessage("promotion prm_20250101_0badf00d was not found");
    }

    @Test
    void aReadOnlyCredentialCannotOpenCommentOrDecide() {
        f.putSeed(ALICE_VOL, "alice", "two", "Two");
        Map<VolumeId, String> heads = f.heads();
        assertThatThrownBy(() -> service.open(ALICE_READ, "two", null, null, "r")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.comment(ALICE_READ, pending.id(), "hi")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.withdraw(ALICE_READ, pending.id())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.approve(BOB_READ, pending.id(), null)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.reject(BOB_READ, pending.id(), "no")).isInstanceOf(AccessDeniedException.class);
        assertThat(service.get(ALICE_READ, pending.id()).id()).isEqualTo(pending.id());
        assertThat(f.heads()).isEqualTo(heads);
    }

    @Test
    void openingNeedsWriteOnTheSourceAndSightOfTheTarget() {
        f.putSeed(ALICE_VOL, "alice", "two", "Two");
        Map<VolumeId, String> heads = f.heads();
        // Someone else's user volume: not visible.
        assertThatThrownBy(() -> service.open(CAROL, "one", "users/alice", null, "r")).isInstanceOf(NotVisibleException.class);
        // A team member (not maintainer) cannot propose the team's skill to system.
        assertThatThrownBy(() -> service.open(CAROL, "team-skill", "teams/eng", "system", "r")).isInstanceOf(AccessDeniedException.class);
        // A team one does not belong to.
        assertThatThrownBy(() -> service.open(ALICE, "two", null, "teams/ops", "r")).isInstanceOf(NotVisibleException.class);
        assertThatThrownBy(() -> service.open(ALICE, "two", null, "system", "r")).isInstanceOf(InvalidPromotionException.class)
                .extracting(e -> ((InvalidPromotionException) e).field()).isEqualTo("to");
        assertThatThrownBy(() -> service.open(ALICE, "two", null, "users/bob", "r")).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.open(BOB, "team-skill", "teams/eng", "teams/ops", "r")).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.open(ROOT, "x", "system", "teams/ops", "r")).isInstanceOf(InvalidPromotionException.class);
        // Only the skill in the source itself counts, not one seen through a lower layer.
        assertThatThrownBy(() -> service.open(ALICE, "team-skill", null, null, "r")).isInstanceOf(SkillNotFoundException.class);
        assertThatThrownBy(() -> service.open(ALICE, "missing", null, null, "r")).isInstanceOf(SkillNotFoundException.class);
        assertThatThrownBy(() -> service.open(ALICE, "two", null, null, null)).isInstanceOf(InvalidPromotionException.class)
                .extracting(e -> ((InvalidPromotionException) e).field()).isEqualTo("reason");
        assertThatThrownBy(() -> service.open(ALICE, "two", null, null, "x".repeat(2_001))).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.open(new Principal("zed", null, null, false, Scope.WRITE), "two", null, null, "r"))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> service.open(Principal.ANONYMOUS, "two", null, null, "r")).isInstanceOf(IllegalArgumentException.class);
        assertThat(f.heads()).isEqualTo(heads);
        assertThat(f.store.exists(VolumeId.user("zed"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "prm_../../etc", "prm_20250101_ABCDEF12", "prm_2025010_abcdef12", "prm_20250101_abcdef12/../x",
            "", "promotions/prm_20250101_abcdef12", "prm_20250101_abcdef12.json", "prm_20250101_abcdef1\u0000"})
    void malformedIdsAreRejectedBeforeAnyPathIsUsed(String id) {
        Map<VolumeId, String> heads = f.heads();
        assertThatThrownBy(() -> service.get(BOB, id)).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.diff(BOB, id)).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.comment(BOB, id, "hi")).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.approve(BOB, id, null)).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.reject(BOB, id, "no")).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.withdraw(ALICE, id)).isInstanceOf(InvalidPromotionException.class);
        assertThatThrownBy(() -> service.revert(BOB, id, "no")).isInstanceOf(InvalidPromotionException.class);
        assertThat(f.heads()).isEqualTo(heads);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../one", "one/../../x", "skills/one", "One", "one.md", "a/b", "..", ".git", "one\n"})
    void skillIdsWithPathTricksAreRejected(String skillId) {
        Map<VolumeId, String> heads = f.heads();
        assertThatThrownBy(() -> service.open(ALICE, skillId, null, null, "r")).isInstanceOf(InvalidPromotionException.class)
                .extracting(e -> ((InvalidPromotionException) e).field()).isEqualTo("skill_id");
        assertThat(f.heads()).isEqualTo(heads);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users/../teams/eng", "teams/../../etc", "users/alice/../bob", "teams/ENG", "/teams/eng", "teams/",
            "teams/eng/skills"})
    void volumesWithPathTricksAreRejected(String volume) {
        Map<VolumeId, String> heads = f.heads();
        assertThatThrownBy(() -> service.open(ALICE, "one", volume, null, "r")).isInstanceOf(InvalidPromotionException.class)
                .extracting(e -> ((InvalidPromotionException) e).field()).isEqualTo("from");
        assertThatThrownBy(() -> service.open(ALICE, "one", null, volume, "r")).isInstanceOf(InvalidPromotionException.class)
                .extracting(e -> ((InvalidPromotionException) e).field()).isEqualTo("to");
        assertThat(f.heads()).isEqualTo(heads);
    }
}
