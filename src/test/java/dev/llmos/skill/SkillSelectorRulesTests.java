package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.volume.Author;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/** Mentions, always-on skills, max_skills and the token budget, on a small hand-written library. */
class SkillSelectorRulesTests {

    @TempDir
    Path root;
    VolumeStore store;
    SkillService service;
    SkillSelector selector;

    /** A skill edit; always-on skills are Agent Skills (the seed format has no field for it). */
    static SkillEdit edit(String name, String description, String body, boolean alwaysOn, String... keywords) {
        return new SkillEdit(name, "coding", description, body, List.of(keywords), alwaysOn ? SkillFormat.AGENT_SKILL : null,
                null, null, null, null, alwaysOn, null);
    }

    static void put(SkillService service, VolumeId volume, String id, SkillEdit edit) {
        service.put(volume, id, edit, Author.LLMOS);
    }

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        SkillCatalog catalog = new SkillCatalog(store);
        service = new SkillService(store, catalog, Integer.MAX_VALUE);
        VolumeId system = VolumeId.SYSTEM;
        put(service, system, "docker-images", edit("Docker Images",
                "Build small, secure Docker container images with multi-stage builds",
                "## Approach\n1. Start from a pinned slim base image.\n2. Build in one stage, copy artifacts to the runtime stage.\n",
                false, "docker", "container", "dockerfile"));
        put(service, system, "kotlin-coroutines", edit("Kotlin Coroutines",
                "Structured concurrency with Kotlin coroutines, flows and dispatchers",
                "## Approach\nUse coroutineScope for structured concurrency; never GlobalScope.\n", false, "kotlin", "coroutines", "flow"));
        put(service, system, "sql-review", edit("SQL Review",
                "Review SQL queries and stored procedures for injection risks, missing indexes and slow plans",
                "## Checklist\n- Parameterized queries only\n- Check the query plan\n", false, "sql", "query", "database"));
        put(service, system, "git-commits", edit("Git Commit Messages",
                "Write clear conventional commit messages from a diff", "## Format\ntype(scope): summary\n", false, "git", "commit"));
        put(service, system, "terraform-handbook", edit("Terraform Handbook",
                "Everything about Terraform modules, remote state and providers",
                "## Modules\n" + "Keep modules small and versioned; pin provider versions. ".repeat(800), false, "terraform", "infrastructure"));
        put(service, system, "house-style", edit("House Style", "Answer in British English and keep answers short",
                "Use British spelling. Prefer short answers.\n", true, "style"));
        selector = new SkillSelector(new SkillCatalog(store), SelectorCorpus.embeddings());
    }

    @AfterEach
    void close() {
        selector.close();
        store.close();
    }

    static List<String> ids(List<Skill> skills) {
        return skills.stream().map(Skill::id).toList();
    }

    @Test
    void aFollowUpKeepsTheConversationsSkillsWithinSlotsAndBudget() {
        Selection s = selector.select(null, null, "now make it shorter", List.of("sql-review", "terraform-handbook", "gone"),
                5, 2_000);
        assertThat(s.reasons()).containsEntry("sql-review", Selection.CONTINUED).containsEntry("house-style", Selection.ALWAYS_ON)
                .doesNotContainKey("gone").doesNotContainKey("terraform-handbook"); // over the budget: to the manifest
        assertThat(ids(s.manifest())).contains("terraform-handbook");
        // Two slots: the always-on skill takes one.
        Selection oneSlot = selector.select(null, null, "now make it shorter", List.of("sql-review", "git-commits"), 2, 100_000);
        assertThat(oneSlot.reasons()).containsEntry("sql-review", Selection.CONTINUED).doesNotContainKey("git-commits");
        Selection mention = selector.select(null, null, "$sql-review again", List.of("sql-review"), 5, 100_000);
        assertThat(mention.reasons()).as("an explicit mention wins").containsEntry("sql-review", Selection.MENTIONED);
    }

    @Test
    void aMentionPicksTheSkillEvenWhenTheMessageIsAboutSomethingElse() {
        Selection s = selector.select(null, null, "$kotlin-coroutines: why is this SQL query so slow?", 5, 100_000);
        assertThat(s.reasons()).containsEntry("kotlin-coroutines", Selection.MENTIONED)
                .containsEntry("sql-review", Selection.RETRIEVED)
                .containsEntry("house-style", Selection.ALWAYS_ON);
        assertThat(ids(s.chosen())).isSortedAccordingTo(String::compareTo)
                .containsExactlyInAnyOrderElementsOf(s.reasons().keySet());
        assertThat(s.unknownMentions()).isEmpty();
    }

    @Test
    void mentionsAreNeverCutByMaxSkillsButUseItsSlots() {
        Selection all = selector.select(null, null, "$docker-images $git-commits $sql-review tune my kotlin coroutines", 1, 100_000);
        assertThat(all.reasons()).containsEntry("docker-images", Selection.MENTIONED).containsEntry("git-commits", Selection.MENTIONED)
                .containsEntry("sql-review", Selection.MENTIONED).containsEntry("house-style", Selection.ALWAYS_ON)
                .doesNotContainKey("kotlin-coroutines");
        assertThat(ids(all.manifest())).containsExactly("kotlin-coroutines"); // relevant, but no slot left

        Selection one = selector.select(null, null, "$git-commits and tune my kotlin coroutines", 3, 100_000);
        assertThat(one.reasons()).containsOnlyKeys("git-commits", "house-style", "kotlin-coroutines");
    }

    @Test
    void theFirstMentionIsChosenEvenAloneOverTheBudgetLaterOnesOnlyIfTheyFit() {
        int handbook = SkillSelector.promptTokens(selector.candidates(null, null, "terraform").get(0).entry.skill());
        assertThat(handbook).isGreaterThan(10_000);
        Selection s = selector.select(null, null, "$terraform-handbook then $git-commits", 5, 1_000);
        assertThat(s.reasons()).containsOnly(java.util.Map.entry("terraform-handbook", Selection.MENTIONED));
        assertThat(s.estimatedTokens()).isEqualTo(handbook).isGreaterThan(1_000);
        assertThat(ids(s.manifest())).startsWith("git-commits", "house-style"); // spilled: mention, then always-on

        Selection fits = selector.select(null, null, "$git-commits then $terraform-handbook", 5, 1_000);
        assertThat(fits.reasons()).containsOnlyKeys("git-commits", "house-style");
        assertThat(ids(fits.manifest())).startsWith("terraform-handbook");
        assertThat(fits.estimatedTokens()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void unknownMentionsAreReportedOnceAndPricesAreNotMentions() {
        Selection s = selector.select(null, null,
                "use $nope and $docker-images, it costs $5 or US$20; $nope again, also ($git-commits). and $Foo $a_b x$sql-review",
                5, 100_000);
        assertThat(s.unknownMentions()).containsExactly("nope");
        assertThat(s.reasons()).containsEntry("docker-images", Selection.MENTIONED).containsEntry("git-commits", Selection.MENTIONED)
                .doesNotContainKey("sql-review");
    }

    @Test
    void alwaysOnSkillsComeWithEveryMessageEvenWithMaxSkillsZero() {
        for (int max : new int[] {0, 3}) {
            Selection s = selector.select(null, null, "hello", max, 100_000);
            assertThat(s.reasons()).as("max " + max).containsOnly(java.util.Map.entry("house-style", Selection.ALWAYS_ON));
            assertThat(s.manifest()).isEmpty();
            assertThat(s.estimatedTokens()).isEqualTo(SkillSelector.promptTokens(s.chosen().get(0)));
        }
        Selection blank = selector.select(null, null, "", 3, 100_000);
        assertThat(ids(blank.chosen())).containsExactly("house-style");
        Selection noBudget = selector.select(null, null, "hello", 3, 0);
        assertThat(noBudget.chosen()).isEmpty();
        assertThat(ids(noBudget.manifest())).containsExactly("house-style");
    }

    @Test
    void maxSkillsZeroRetrievesNothingButTheManifestStillOffersCandidates() {
        Selection s = selector.select(null, null, "review my SQL query for injection risks", 0, 100_000);
        assertThat(s.reasons()).doesNotContainValue(Selection.RETRIEVED);
        assertThat(ids(s.manifest())).startsWith("sql-review");
    }

    @Test
    void retrievalFillsMaxSkillsWithinTheBudgetAndSkipsWhatDoesNotFit() {
        String message = "write terraform modules and remote state, then a docker multi-stage build";
        Selection roomy = selector.select(null, null, message, 4, 100_000);
        assertThat(roomy.reasons()).containsEntry("terraform-handbook", Selection.RETRIEVED)
                .containsEntry("docker-images", Selection.RETRIEVED);

        Selection tight = selector.select(null, null, message, 4, 1_000);
        assertThat(tight.reasons()).containsEntry("docker-images", Selection.RETRIEVED).doesNotContainKey("terraform-handbook");
        assertThat(ids(tight.manifest())).contains("terraform-handbook");
        assertThat(tight.estimatedTokens()).isLessThanOrEqualTo(1_000)
                .isEqualTo(tight.chosen().stream().mapToLong(SkillSelector::promptTokens).sum());

        Selection one = selector.select(null, null, message, 2, 100_000); // house-style takes one slot
        assertThat(one.reasons().values()).containsOnlyOnce(Selection.RETRIEVED);
    }

    @Test
    void theManifestHoldsAtMostTenSkillsNeverChosenOnes() {
        VolumeId system = VolumeId.SYSTEM;
        for (int i = 0; i < 14; i++) {
            put(service, system, "sql-extra-" + i, edit("SQL Extra " + i, "Review SQL queries and indexes, variant " + i,
                    "Check SQL query plans.\n", false, "sql", "query"));
        }
        Selection s = selector.select(null, null, "review my SQL queries and indexes", 3, 100_000);
        assertThat(s.manifest()).hasSize(10).doesNotContainAnyElementsOf(s.chosen());
        assertThat(s.chosen()).hasSize(3);
    }

    @Test
    void estimateTokensIsAboutFourCharactersAToken() {
        assertThat(SkillSelector.estimateTokens(null)).isZero();
        assertThat(SkillSelector.estimateTokens("")).isZero();
        assertThat(SkillSelector.estimateTokens("abcd")).isEqualTo(1);
        assertThat(SkillSelector.estimateTokens("abcde")).isEqualTo(2);
        assertThat(SkillSelector.estimateTokens("x".repeat(4000))).isEqualTo(1000);
    }

    @Test
    void lexicalOnlySelectionFollowsTheSameRules() {
        try (SkillSelector lexical = new SkillSelector(new SkillCatalog(store), SkillEmbeddings.disabled())) {
            Selection s = lexical.select(null, null, "$git-commits review my SQL query for injection risks", 5, 100_000);
            assertThat(s.reasons()).containsEntry("git-commits", Selection.MENTIONED).containsEntry("sql-review", Selection.RETRIEVED)
                    .containsEntry("house-style", Selection.ALWAYS_ON).hasSize(3);
            assertThat(lexical.select(null, null, "hello", 5, 100_000).reasons()).containsOnlyKeys("house-style");
        }
    }

    @Test
    void nullAndHugeMessagesAreHandled() {
        assertThat(ids(selector.select(null, null, null, 3, 100_000).chosen())).containsExactly("house-style");
        String huge = "review the SQL query below\n" + "select * from t where a = 1;\n".repeat(4_000) + "$git-commits";
        Selection s = selector.select(null, null, huge, 3, 100_000);
        assertThat(s.reasons()).containsEntry("git-commits", Selection.MENTIONED).containsEntry("sql-review", Selection.RETRIEVED);
    }
}
