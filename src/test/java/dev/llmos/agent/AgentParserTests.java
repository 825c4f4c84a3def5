package dev.llmos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillProblem;
import dev.llmos.skill.SystemLibrary;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

class AgentParserTests {

    @TempDir
    Path root;

    @Test
    void readsEveryFieldAndTheBodyAsThePrompt() {
        AgentParser.Result r = AgentParser.parse("agents/planner.md", """
                ---
                name: planner
                description: Plans work and hands it out.
                model: claude-opus-4
                skills: [code-review, git-workflow]
                tools:
                  - delegate
                  - search_skills
                max_steps: 5
                ---

                You plan. Then you delegate.
                """);
        assertThat(r.problems()).isEmpty();
        Agent a = r.agent();
        assertThat(a.name()).isEqualTo("planner");
        assertThat(a.description()).isEqualTo("Plans work and hands it out.");
        assertThat(a.model()).isEqualTo("claude-opus-4");
        assertThat(a.skills()).containsExactly("code-review", "git-workflow");
        assertThat(a.tools()).containsExactly("delegate", "search_skills");
        assertThat(a.may(Agent.DELEGATE)).isTrue();
        assertThat(a.may(Agent.LOAD_SKILL)).isFalse();
        assertThat(a.maxSteps()).isEqualTo(5);
        assertThat(a.prompt()).isEqualTo("You plan. Then you delegate.");
    }

    @Test
    void theNameDefaultsToTheFileNameAndOptionalFieldsMayBeLeftOut() {
        AgentParser.Result r = AgentParser.parse("agents/helper.md", "---\ndescription: Helps.\ntools: load_skill, search_skills\n---\nHelp.\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.agent().name()).isEqualTo("helper");
        assertThat(r.agent().model()).isNull();
        assertThat(r.agent().skills()).isEmpty();
        assertThat(r.agent().tools()).containsExactly("load_skill", "search_skills");
        assertThat(r.agent().maxSteps()).isZero();
    }

    @Test
    void reportsEachProblemWithItsFieldAndLine() {
        AgentParser.Result r = AgentParser.parse("agents/bad.md", """
                ---
                name: other
                tools: [delegate, shell]
                max_steps: lots
                ---
                """);
        assertThat(r.agent()).isNull();
        assertThat(r.problems()).extracting(SkillProblem::field)
                .containsExactlyInAnyOrder("name", "description", "tools", "max_steps", "body");
        SkillProblem tools = r.problems().stream().filter(p -> p.field().equals("tools")).findFirst().orElseThrow();
        assertThat(tools.line()).isEqualTo(3);
        assertThat(tools.message()).contains("shell");
        assertThat(r.problems().stream().filter(p -> p.field().equals("name")).findFirst().orElseThrow().message())
                .contains("does not match the file name");
    }

    @Test
    void refusesAFileWithoutFrontMatterAndOutOfRangeSteps() {
        assertThat(AgentParser.parse("agents/plain.md", "Just a prompt.").agent()).isNull();
        AgentParser.Result r = AgentParser.parse("agents/many.md", "---\ndescription: d\nmax_steps: 1000\n---\nGo.\n");
        assertThat(r.agent()).isNull();
        assertThat(r.problems()).extracting(SkillProblem::field).containsExactly("max_steps");
        assertThat(AgentParser.parse("agents/Upper.md", "---\ndescription: d\n---\nGo.\n").agent()).isNull();
    }

    @Test
    void theShippedSystemAgentsAreSeededAndValidAndAUsersAgentHidesTheSystemsOne() {
        try (VolumeStore store = new VolumeStore(root)) {
            new SystemLibrary(store).seed();
            AgentCatalog catalog = new AgentCatalog(store, new SkillCatalog(store));
            AgentCatalog.VolumeAgents system = catalog.in(VolumeId.SYSTEM);
            assertThat(system.problems()).isEmpty();
            assertThat(system.agents()).extracting(Agent::name).containsExactly("coder", "orchestrator", "researcher", "reviewer");
            assertThat(system.agents()).allSatisfy(a -> {
                assertThat(a.description()).hasSizeBetween(40, 300);
                assertThat(a.maxSteps()).isBetween(1, 10);
                assertThat(a.volume()).isEqualTo("system");
            });
            assertThat(catalog.find("orchestrator", "ann", null).orElseThrow().tools()).contains(Agent.DELEGATE);

            store.open(VolumeId.user("ann")).commit(Author.user("ann"), "my coder", List.of(
                    new FileChange.Put("agents/coder.md", "---\ndescription: Mine.\n---\nMy way.\n".getBytes(StandardCharsets.UTF_8)),
                    new FileChange.Put("agents/broken.md", "---\nname: broken\n---\n".getBytes(StandardCharsets.UTF_8)),
                    new FileChange.Put("agents/notes/README.md", "not an agent".getBytes(StandardCharsets.UTF_8))));
            assertThat(catalog.find("coder", "ann", null).orElseThrow().prompt()).isEqualTo("My way.");
            assertThat(catalog.find("coder", "bob", null).orElseThrow().volume()).isEqualTo("system");
            assertThat(catalog.visibleTo("ann", null)).extracting(Agent::name)
                    .containsExactly("coder", "orchestrator", "researcher", "reviewer");
            assertThat(catalog.in(VolumeId.user("ann")).problems()).extracting(SkillProblem::file).containsOnly("agents/broken.md");
        }
    }
}
