package dev.llmos.agent;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.llmos.skill.SkillProblem;
import dev.llmos.skill.SkillTooLargeException;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/** Writes agents into volumes: validated first, then one commit, like a skill write. */
public final class AgentFiles {

    /** The agent as stored, the commit that stored it, and whether the file is new. */
    public record Saved(Agent agent, CommitInfo commit, boolean created) {
    }

    private final VolumeStore store;
    private final AgentCatalog catalog;
    private final int maxBytes;

    /** @param maxBytes the largest agent file (LLMOS_MAX_SKILL_BYTES, as for skills) */
    public AgentFiles(VolumeStore store, AgentCatalog catalog, int maxBytes) {
        this.store = store;
        this.catalog = catalog;
        this.maxBytes = maxBytes;
    }

    /** Creates or replaces {@code agents/{name}.md} in {@code volume} (access is the caller's to check). */
    public Saved put(VolumeId volume, String name, String content, Author author) {
        if (name == null || !AgentParser.NAME.matcher(name).matches()) {
            throw new InvalidRunRequestException("name", "must be 1-64 lower-case letters, digits or '-'");
        }
        if (content == null || content.isBlank()) {
            throw new InvalidRunRequestException("content", "must not be empty: the agent's Markdown file");
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new SkillTooLargeException("agents/" + name + ".md", bytes.length, maxBytes);
        }
        String path = "agents/" + name + ".md";
        AgentParser.Result parsed = AgentParser.parse(path, content);
        if (parsed.agent() == null) {
            throw new InvalidAgentException(parsed.problems().isEmpty()
                    ? List.of(new SkillProblem(path, "content", 0, SkillProblem.Severity.ERROR, "not an agent")) : parsed.problems());
        }
        var vol = store.open(volume);
        boolean created = vol.snapshot().read(path).isEmpty();
        CommitInfo commit = vol.commit(author, (created ? "Add" : "Update") + " agent " + name, List.of(new FileChange.Put(path, bytes)));
        Agent stored = catalog.in(volume).agents().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElse(parsed.agent().located(volume.path(), path, commit.id()));
        return new Saved(stored, commit, created);
    }
}
