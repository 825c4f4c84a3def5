package dev.llmos.skill;

import static dev.llmos.skill.SkillSelectorRulesTests.edit;
import static dev.llmos.skill.SkillSelectorRulesTests.ids;
import static dev.llmos.skill.SkillSelectorRulesTests.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.volume.Author;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Who sees what (user over team over system, nothing from volumes a user does not see) and how
 * fast changes reach selection.
 */
class SkillSelectorIsolationTests {

    @TempDir
    Path root;
    VolumeStore store;
    SkillService service;
    SkillSelector selector;

    static final VolumeId ALICE = VolumeId.user("alice");
    static final VolumeId BOB = VolumeId.user("bob");
    static final VolumeId RED = VolumeId.team("red");

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        SkillCatalog catalog = new SkillCatalog(store);
        service = new SkillService(store, catalog, Integer.MAX_VALUE);
        put(service, VolumeId.SYSTEM, "code-review", edit("Code Review",
                "Review pull requests on Gerrit for correctness, naming and tests", "## Gerrit\nVote +1 only after running the tests.\n",
                false, "review", "gerrit"));
        put(service, VolumeId.SYSTEM, "house-style", edit("House Style", "Answer in British English",
                "Use British spelling.\n", true, "style"));
        put(service, VolumeId.SYSTEM, "kotlin-coroutines", edit("Kotlin Coroutines",
                "Structured concurrency with Kotlin coroutines, flows and dispatchers", "Use coroutineScope.\n", false, "kotlin"));
        put(service, ALICE, "alice-quarry-deploy", edit("Quarry Deploy",
                "Deploy the quarry service to the zephyr cluster with blue-green rollouts", "Run quarry-ctl rollout.\n", false,
                "quarry", "zephyr", "deploy"));
        put(service, RED, "red-incident-drill", edit("Incident Drill",
                "Run the red team's incident drill for the basilisk pager rotation", "Page the basilisk rotation.\n", false,
                "incident", "basilisk"));
        selector = new SkillSelector(catalog, SelectorCorpus.embeddings());
    }

    @AfterEach
    void close() {
        selector.close();
        store.close();
    }

    static Stream<Skill> everything(Selection s) {
        return Stream.concat(s.chosen().stream(), s.manifest().stream());
    }

    @Test
    void aUsersPrivateSkillIsNeverSelectedForAnotherUser() {
        String ask = "deploy quarry to the zephyr cluster with a blue-green rollout";
        Selection alice = selector.select("alice", null, ask, 5, 100_000);
        assertThat(alice.reasons()).containsEntry("alice-quarry-deploy", Selection.RETRIEVED);

        for (String message : List.of(ask, "$alice-quarry-deploy " + ask)) {
            Selection bob = selector.select("bob", null, message, 5, 100_000);
            assertThat(everything(bob).map(Skill::id)).doesNotContain("alice-quarry-deploy");
            assertThat(everything(bob).map(Skill::volume)).doesNotContain(ALICE.path());
        }
        assertThat(selector.select("bob", null, "$alice-quarry-deploy", 5, 100_000).unknownMentions())
                .containsExactly("alice-quarry-deploy");
        assertThat(selector.select(null, null, "$alice-quarry-deploy " + ask, 5, 100_000).reasons())
                .doesNotContainKey("alice-quarry-deploy");
    }

    @Test
    void aTeamSkillIsOnlySeenByThatTeam() {
        String ask = "run the incident drill for the basilisk pager rotation";
        assertThat(selector.select("carol", "red", ask, 5, 100_000).reasons()).containsEntry("red-incident-drill", Selection.RETRIEVED);
        for (String team : new String[] {"blue", null}) {
            Selection s = selector.select("bob", team, ask + " $red-incident-drill", 5, 100_000);
            assertThat(everything(s).map(Skill::volume)).doesNotContain(RED.path());
            assertThat(s.unknownMentions()).containsExactly("red-incident-drill");
        }
    }

    @Test
    void aUsersOverrideReplacesTheSystemSkillOfTheSameId() {
        put(service, ALICE, "code-review", edit("Code Review (mine)",
                "Review pull requests on GitHub, focusing on security", "## GitHub\nRequest changes for any secret in code.\n",
                false, "review", "github"));
        Selection mine = selector.select("alice", null, "$code-review please", 5, 100_000);
        assertThat(mine.chosen()).filteredOn(s -> s.id().equals("code-review")).singleElement().satisfies(s -> {
            assertThat(s.volume()).isEqualTo(ALICE.path());
            assertThat(s.body()).contains("GitHub");
        }).isNotNull();
        // The system version's words (Gerrit) must not bring it back: it is hidden for alice.
        Selection retrieved = selector.select("alice", null, "review my pull request on gerrit for naming and tests", 5, 100_000);
        assertThat(everything(retrieved).filter(s -> s.id().equals("code-review")).map(Skill::volume)).containsOnly(ALICE.path());
        // Others still get the system's.
        Selection bob = selector.select("bob", null, "$code-review please", 5, 100_000);
        assertThat(bob.chosen()).filteredOn(s -> s.id().equals("code-review")).singleElement()
                .extracting(Skill::volume).isEqualTo("system");
    }

    @Test
    void anOverrideThatIsNotAlwaysOnSwitchesAnAlwaysOnSkillOff() {
        assertThat(selector.select("alice", null, "hello", 5, 100_000).reasons()).containsEntry("house-style", Selection.ALWAYS_ON);
        put(service, ALICE, "house-style", edit("House Style", "Answer in American English", "Use American spelling.\n", false, "style"));
        assertThat(selector.select("alice", null, "hello", 5, 100_000).chosen()).isEmpty();
        assertThat(selector.select("bob", null, "hello", 5, 100_000).reasons()).containsEntry("house-style", Selection.ALWAYS_ON);
    }

    @Test
    void aChangeIsVisibleToTheNextSelect() {
        String ask = "how long should sourdough bread proof in a cold fridge?";
        assertThat(selector.select("bob", null, ask, 5, 100_000).reasons()).doesNotContainValue(Selection.RETRIEVED);

        put(service, BOB, "sourdough-baking", edit("Sourdough Baking",
                "Bake sourdough bread: starter, bulk fermentation, cold proofing and scoring", "Proof 12-16 h at 4 °C.\n", false,
                "bread", "baking", "sourdough"));
        long start = System.nanoTime();
        Selection after = selector.select("bob", null, ask, 5, 100_000);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(after.reasons()).containsEntry("sourdough-baking", Selection.RETRIEVED);
        assertThat(ms).as("first select after the change, incl. indexing and embedding").isLessThan(1_000);
        // its vector was computed on that request: by meaning, it is the closest to a paraphrase without its words
        assertThat(selector.candidates("bob", null, "my naturally leavened loaf came out flat and dense"))
                .filteredOn(c -> c.semRank == 1).singleElement().satisfies(c -> assertThat(c.id).isEqualTo("sourdough-baking"));

        put(service, BOB, "sourdough-baking", edit("Rye Baking", "Bake dense rye bread with a rye sour", "Use 100% rye.\n", false,
                "bread", "rye"));
        Selection changed = selector.select("bob", null, "$sourdough-baking", 5, 100_000);
        assertThat(changed.chosen()).filteredOn(s -> s.id().equals("sourdough-baking")).singleElement()
                .extracting(Skill::name).isEqualTo("Rye Baking");

        service.delete(BOB, "sourdough-baking", Author.user("bob"));
        Selection gone = selector.select("bob", null, "$sourdough-baking bake rye bread", 5, 100_000);
        assertThat(gone.unknownMentions()).containsExactly("sourdough-baking");
        assertThat(everything(gone).map(Skill::id)).doesNotContain("sourdough-baking");
    }

    @Test
    void manyNewSkillsAreEmbeddedInTheBackgroundAndMatchedByWordsMeanwhile() throws InterruptedException {
        SkillSelector.Tuning tuning = SkillSelector.Tuning.DEFAULT.withSyncEmbeddings(0); // never embed on the request
        try (SkillSelector background = new SkillSelector(new SkillCatalog(store), SelectorCorpus.embeddings(), tuning)) {
            String unique = Long.toString(System.nanoTime(), 36); // texts never embedded before in this JVM
            put(service, BOB, "glacier-hiking", edit("Glacier Hiking " + unique,
                    "Cross glaciers safely with crampons, rope teams and crevasse rescue", "Rope up on wet glaciers.\n", false,
                    "glacier", "crampons", "crevasse"));
            Selection lexical = background.select("bob", null, "crevasse rescue with crampons on a glacier", 5, 100_000);
            assertThat(lexical.reasons()).containsEntry("glacier-hiking", Selection.RETRIEVED);
            assertThat(background.awaitEmbeddings(Duration.ofSeconds(30))).isTrue();
            List<SkillSelector.Candidate> semantic = background.candidates("bob", null, "walking on ice fields in the mountains safely");
            assertThat(semantic).filteredOn(c -> c.id.equals("glacier-hiking")).singleElement()
                    .satisfies(c -> assertThat(c.cosine).isGreaterThan(0.3f));
        }
    }

    @Test
    void concurrentSelectsWhileSkillsChange() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    put(service, ALICE, "note-" + i, edit("Note " + i, "Quarry note number " + i + " about zephyr deploys",
                            "Note " + i + "\n", false, "quarry"));
                }
                writing.set(false);
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                String user = r == 0 ? "bob" : "alice";
                readers.add(pool.submit(() -> {
                    int n = 0;
                    while (writing.get() || n < 20) {
                        Selection s = selector.select(user, "red", "deploy quarry to zephyr $code-review", 5, 100_000);
                        assertThat(s.reasons()).containsEntry("code-review", Selection.MENTIONED);
                        Set<String> volumes = Set.copyOf(everything(s).map(Skill::volume).toList());
                        if (user.equals("bob")) {
                            assertThat(volumes).doesNotContain(ALICE.path());
                        }
                        n++;
                    }
                    return n;
                }));
            }
            writer.get();
            for (Future<Integer> r : readers) {
                assertThat(r.get()).isGreaterThanOrEqualTo(20);
            }
            Selection last = selector.select("alice", null, "quarry note number 14 about zephyr deploys", 20, 100_000);
            assertThat(ids(last.chosen())).contains("note-14");
        } finally {
            pool.shutdownNow();
        }
    }
}
