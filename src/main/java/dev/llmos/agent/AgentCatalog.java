package dev.llmos.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillProblem;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * The agents each volume holds, and the merged view a person sees: theirs over their team's over
 * the system's, by name (the same layers as skills). Parsed per volume and cached by commit.
 */
public final class AgentCatalog {

    /** A volume's agents at one commit, plus the files that could not be read as agents. */
    public record VolumeAgents(VolumeId volume, String commit, List<Agent> agents, List<SkillProblem> problems) {
    }

    private final VolumeStore store;
    private final SkillCatalog skills;
    private final ConcurrentMap<VolumeId, VolumeAgents> cache = new ConcurrentHashMap<>();

    public AgentCatalog(VolumeStore store, SkillCatalog skills) {
        this.store = store;
        this.skills = skills;
    }

    /** Every agent the user sees, one per name, from the highest-precedence volume, sorted by name. */
    public List<Agent> visibleTo(String userId, String teamId) {
        Map<String, Agent> merged = new LinkedHashMap<>();
        for (VolumeId layer : skills.layers(userId, teamId)) {
            for (Agent a : in(layer).agents()) {
                merged.putIfAbsent(a.name(), a);
            }
        }
        List<Agent> out = new ArrayList<>(merged.values());
        out.sort(Comparator.comparing(Agent::name));
        return out;
    }

    public Optional<Agent> find(String name, String userId, String teamId) {
        for (VolumeId layer : skills.layers(userId, teamId)) {
            Optional<Agent> hit = in(layer).agents().stream().filter(a -> a.name().equals(name)).findFirst();
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** One volume's agents at its head (empty when the volume does not exist). */
    public VolumeAgents in(VolumeId volumeId) {
        Optional<Volume> volume = store.find(volumeId);
        if (volume.isEmpty()) {
            return new VolumeAgents(volumeId, null, List.of(), List.of());
        }
        Snapshot snapshot = volume.get().snapshot();
        VolumeAgents cached = cache.get(volumeId);
        if (cached != null && Objects.equals(cached.commit(), snapshot.commitId())) {
            return cached;
        }
        List<Agent> agents = new ArrayList<>();
        List<SkillProblem> problems = new ArrayList<>();
        for (Snapshot.Entry e : snapshot.files("agents")) {
            if (!AgentParser.isAgentPath(e.path())) {
                continue; // e.g. a README or a sub-folder of notes
            }
            SkillCatalog.Readable file = skills.read(snapshot, e);
            if (file.problem() != null) {
                problems.add(file.problem());
                continue;
            }
            AgentParser.Result r = AgentParser.parse(e.path(), file.text());
            problems.addAll(r.problems());
            if (r.agent() != null) {
                agents.add(r.agent().located(volumeId.path(), e.path(), snapshot.commitId()));
            }
        }
        agents.sort(Comparator.comparing(Agent::name));
        VolumeAgents fresh = new VolumeAgents(volumeId, snapshot.commitId(), List.copyOf(agents), List.copyOf(problems));
        cache.put(volumeId, fresh);
        return fresh;
    }
}
