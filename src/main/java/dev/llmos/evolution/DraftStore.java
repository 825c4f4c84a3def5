package dev.llmos.evolution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillFormat;
import dev.llmos.skill.SkillMarkdown;
import dev.llmos.skill.SkillParser;
import dev.llmos.skill.SkillSelector;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.ContentDiffs;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Where drafts live in a user's volume, and how they are told apart.
 *
 * <ul>
 * <li>A <b>new skill</b> draft is an ordinary Agent Skill, {@code skills/{id}/SKILL.md}, whose
 * {@code metadata.status} is {@code draft}: it is listed with the user's skills, and the selector
 * never offers it to a model until it is accepted.</li>
 * <li>An <b>update proposal</b> for a skill the user already sees is the whole proposed skill in
 * {@code evolution/proposals/{id}/SKILL.md}, outside {@code skills/}, so it hides nothing: not the
 * user's own skill it would change, nor a team or system skill it would override once accepted.</li>
 * </ul>
 * Provenance travels in {@code metadata} (string values): {@code llmos-run}, {@code llmos-traces}
 * (at most 50 ids), {@code llmos-count}, {@code llmos-success-rate}, {@code llmos-kind},
 * {@code llmos-terms}, {@code llmos-drafter}; a proposal adds {@code llmos-update-of} (the volume
 * of the skill it changes) and {@code llmos-base} (the version of that skill's file).
 */
final class DraftStore {

    static final String STATUS = "status";
    static final String DRAFT = "draft";
    static final String RUN = "llmos-run";
    static final String TRACES = "llmos-traces";
    static final String COUNT = "llmos-count";
    static final String SUCCESS = "llmos-success-rate";
    static final String KIND = "llmos-kind";
    static final String TERMS = "llmos-terms";
    static final String DRAFTER = "llmos-drafter";
    static final String UPDATE_OF = "llmos-update-of";
    static final String BASE = "llmos-base";
    static final int MAX_TRACES = 50;
    static final String PROPOSALS = "evolution/proposals";
    /** Evolution's own commits; a draft last changed by anyone else was edited and is never overwritten. */
    static final Author EVOLUTION = new Author("LLMos evolution", "evolution@llmos.local");

    /** A draft or proposal as stored. {@code updateOf} is null for a new skill. */
    record Stored(String id, Skill skill, String path, String blobId, String text, String updateOf) {
        boolean isUpdate() {
            return updateOf != null;
        }

        /** The folder to delete when the draft goes. */
        String folder() {
            return path.substring(0, path.length() - "/SKILL.md".length());
        }
    }

    private final VolumeStore store;
    private final SkillCatalog catalog;

    DraftStore(VolumeStore store, SkillCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    static boolean isDraft(Skill skill) {
        return SkillSelector.isDraft(skill);
    }

    static String newPath(String id) {
        return "skills/" + id + "/SKILL.md";
    }

    static String proposalPath(String id) {
        return PROPOSALS + "/" + id + "/SKILL.md";
    }

    /** Every draft and proposal in the user's volume, by id. */
    List<Stored> all(String userId) {
        VolumeId volumeId = VolumeId.user(userId);
        Optional<Volume> volume = store.find(volumeId);
        if (volume.isEmpty()) {
            return List.of();
        }
        Snapshot head = volume.get().snapshot();
        List<Stored> out = new ArrayList<>();
        for (Skill s : catalog.in(volumeId).skills()) {
            if (isDraft(s) && s.format() == SkillFormat.AGENT_SKILL) {
                head.blobId(s.path()).ifPresent(blob -> out.add(new Stored(s.id(), s, s.path(), blob,
                        new String(head.read(s.path()).orElseThrow(), StandardCharsets.UTF_8), null)));
            }
        }
        for (Snapshot.Entry e : head.files(PROPOSALS)) {
            String rest = e.path().substring(PROPOSALS.length() + 1);
            int slash = rest.indexOf('/');
            if (slash <= 0 || !rest.substring(slash).equals("/SKILL.md")) {
                continue;
            }
            String id = rest.substring(0, slash);
            String text = new String(head.read(e), StandardCharsets.UTF_8);
            SkillParser.Result parsed = SkillParser.parseStored(newPath(id), text);
            if (parsed != null && parsed.skill() != null) {
                Skill s = parsed.skill();
                out.add(new Stored(id, s, e.path(), e.blobId(), text, s.metadata().getOrDefault(UPDATE_OF, "unknown")));
            }
        }
        out.sort(Comparator.comparing(Stored::id));
        return out;
    }

    Optional<Stored> find(String userId, String id) {
        if (!SkillParser.isValidId(id)) {
            return Optional.empty();
        }
        return all(userId).stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** True when someone other than evolution changed the draft's files since evolution wrote them. */
    boolean edited(String userId, Stored draft) {
        List<CommitInfo> last = store.require(VolumeId.user(userId)).history(draft.folder(), 0, 1);
        return !last.isEmpty() && !EVOLUTION.name().equals(last.get(0).author());
    }

    /** The signature a skill's provenance metadata records, or null when it has none. */
    static Signature signature(Skill skill) {
        String traces = skill.metadata().get(TRACES);
        if (traces == null || traces.isBlank()) {
            return null;
        }
        List<String> ids = split(traces);
        int count;
        try {
            count = Integer.parseInt(skill.metadata().getOrDefault(COUNT, "0").strip());
        } catch (NumberFormatException e) {
            count = ids.size();
        }
        return new Signature(ids, count, split(skill.metadata().getOrDefault(TERMS, "")));
    }

    static List<String> split(String commaList) {
        return Arrays.stream(commaList.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The skill as an Agent Skill with these metadata changes (null values remove a key). */
    static Skill withMetadata(Skill s, String description, String body, Map<String, String> changes) {
        Map<String, String> metadata = new LinkedHashMap<>(s.metadata());
        changes.forEach((k, v) -> {
            if (v == null) {
                metadata.remove(k);
            } else {
                metadata.put(k, v);
            }
        });
        // Keys the renderer derives from the record's own fields are taken from there.
        for (String derived : List.of("title", "category", "keywords", "globs", "always-apply")) {
            metadata.remove(derived);
        }
        return new Skill(s.id(), s.name(), description, s.category(), s.keywords(), body, SkillFormat.AGENT_SKILL,
                s.alwaysOn(), s.globs(), s.license(), s.compatibility(), metadata, s.allowedTools(), List.of(), null, null, null);
    }

    static String render(Skill s) {
        return SkillMarkdown.render(s);
    }

    /** A unified diff from {@code before} (null: nothing) to {@code after}, both named {@code path}. */
    static String diff(String path, String before, String after) {
        return ContentDiffs.patch(path, before == null ? null : before.getBytes(StandardCharsets.UTF_8),
                after.getBytes(StandardCharsets.UTF_8));
    }
}
