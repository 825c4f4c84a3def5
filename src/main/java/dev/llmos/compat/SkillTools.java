package dev.llmos.compat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.skill.Selection;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillSelector;
import dev.llmos.trace.Feedback;
import dev.llmos.trace.TraceJournal;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * What the MCP tools do, over what the caller can see and nothing beyond it (user over team over
 * system by id). Each returns text for the model; a refusal is an {@link IllegalArgumentException}
 * whose message the tool reports as an error result.
 */
final class SkillTools {

    private static final int MAX_FILE_CHARS = 64_000;

    private final SkillSelector selector;
    private final SkillCatalog catalog;
    private final VolumeStore store;
    private final TraceJournal journal;
    private final AccessPolicy access;
    private final CompatSettings settings;

    SkillTools(SkillSelector selector, SkillCatalog catalog, VolumeStore store, TraceJournal journal, AccessPolicy access,
               CompatSettings settings) {
        this.selector = selector;
        this.catalog = catalog;
        this.store = store;
        this.journal = journal;
        this.access = access;
        this.settings = settings;
    }

    /** The best matches first (those a chat would inject, then further candidates), one per line. */
    String search(Principal who, String query, int limit) {
        Selection s = selector.select(who.userId(), who.teamId(), query == null ? "" : query,
                Math.max(1, Math.min(limit, 20)), settings.tokenBudget());
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (List<Skill> group : List.of(s.chosen(), s.manifest())) {
            for (Skill skill : group) {
                if (n++ >= limit) {
                    break;
                }
                out.append("- ").append(skill.id()).append(" (").append(skill.volume()).append("): ")
                        .append(oneLine(skill.description())).append('\n');
            }
        }
        return n == 0 ? "No skill matches '" + query + "'." : out.toString();
    }

    String load(Principal who, String name) {
        Skill s = find(who, name);
        return "# " + s.name() + "\n\n" + s.body();
    }

    String files(Principal who, String name) {
        Skill s = find(who, name);
        return s.files().isEmpty() ? "Skill '" + s.id() + "' has no other files." : String.join("\n", s.files());
    }

    String readFile(Principal who, String name, String file) {
        Skill s = find(who, name);
        String rel = file == null ? "" : file.strip();
        if (!s.files().contains(rel)) {
            throw new IllegalArgumentException("skill '" + s.id() + "' has no file '" + rel + "'; it has: "
                    + String.join(", ", s.files()));
        }
        String content = store.require(VolumeId.parse(s.volume())).snapshot().read("skills/" + s.id() + "/" + rel)
                .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        return content.length() > MAX_FILE_CHARS ? content.substring(0, MAX_FILE_CHARS) + "\n[truncated]" : content;
    }

    /** Feedback on one of the caller's traces (e.g. the {@code x-llmos-trace-id} of a compatible call); needs write. */
    String feedback(Principal who, String traceId, String rating, String comment) {
        access.requireScope(who, Scope.WRITE);
        Feedback f = journal.feedback(who.userId(), traceId, rating, comment);
        return "Recorded '" + f.rating() + "' on trace " + f.traceId() + ".";
    }

    List<Skill> visible(Principal who) {
        return catalog.visibleTo(who.userId(), who.teamId());
    }

    Optional<Skill> lookup(Principal who, String name) {
        String id = name == null ? "" : name.strip().replaceFirst("^\\$", "");
        return catalog.find(id, who.userId(), who.teamId());
    }

    private Skill find(Principal who, String name) {
        return lookup(who, name).orElseThrow(() -> new IllegalArgumentException("no skill named '" + name + "' is available"));
    }

    static String arg(Map<String, Object> args, String name) {
        Object v = args == null ? null : args.get(name);
        return v == null ? null : String.valueOf(v);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }
}
