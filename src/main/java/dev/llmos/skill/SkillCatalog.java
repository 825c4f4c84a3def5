package dev.llmos.skill;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumePaths;
import dev.llmos.volume.VolumeStore;

/**
 * The skills each volume holds, and the merged view a person sees: their own skills over their
 * team's over the system's, by id. Parsed skills are cached per volume and re-parsed only for
 * files whose content changed since the last commit seen.
 */
public final class SkillCatalog {

    /** A volume's skills at one commit, plus the files that could not be read as skills. */
    public record VolumeSkills(VolumeId volume, String commit, List<Skill> skills, List<SkillProblem> problems) {
    }

    /** A volume's skills, the parse of each main file by blob, and the blob of every file under {@code skills/}. */
    private record Cached(VolumeSkills view, Map<String, SkillParser.Result> byBlob, Map<String, String> blobs) {
    }

    /** The default of LLMOS_MAX_SKILL_BYTES. */
    public static final int DEFAULT_MAX_FILE_BYTES = 262_144;

    private final VolumeStore store;
    private final int maxFileBytes;
    private final ConcurrentMap<VolumeId, Cached> cache = new ConcurrentHashMap<>();

    public SkillCatalog(VolumeStore store) {
        this(store, DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * @param maxFileBytes larger skill files are not read (listed as problems instead): one planted by hand,
     *                     or by an older version, must not break every reader of its volume
     */
    public SkillCatalog(VolumeStore store, int maxFileBytes) {
        this.store = store;
        this.maxFileBytes = maxFileBytes;
    }

    /** The largest skill (or agent) file this catalog reads. */
    public int maxFileBytes() {
        return maxFileBytes;
    }

    /** The volumes a user sees, highest precedence first. Missing volumes are skipped, never created. */
    public List<VolumeId> layers(String userId, String teamId) {
        List<VolumeId> out = new ArrayList<>(3);
        if (userId != null) {
            out.add(VolumeId.user(userId));
        }
        if (teamId != null) {
            out.add(VolumeId.team(teamId));
        }
        out.add(VolumeId.SYSTEM);
        return out;
    }

    /** Every skill visible to the user, one per id, from the highest-precedence volume. */
    public List<Skill> visibleTo(String userId, String teamId) {
        Map<String, Skill> merged = new LinkedHashMap<>();
        for (VolumeId layer : layers(userId, teamId)) {
            for (Skill skill : in(layer).skills()) {
                merged.putIfAbsent(skill.id(), skill);
            }
        }
        List<Skill> out = new ArrayList<>(merged.values());
        out.sort(Comparator.comparing(Skill::id));
        return out;
    }

    public Optional<Skill> find(String id, String userId, String teamId) {
        for (VolumeId layer : layers(userId, teamId)) {
            Optional<Skill> hit = findIn(layer, id);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** One file of a folder skill ({@code rel} as listed in {@link Skill#files()}), at its volume's head. */
    public Optional<byte[]> readFile(Skill skill, String rel) {
        if (!skill.files().contains(rel)) {
            return Optional.empty();
        }
        return reader(skill).apply(fileOf(skill, rel));
    }

    /**
     * Reads files of a skill's volume (by path inside it), all at one head: by blob id from this catalog's
     * view when it is of that head, which saves a walk down the volume's tree per file.
     */
    Function<String, Optional<byte[]>> reader(Skill skill) {
        VolumeId id = VolumeId.parse(skill.volume());
        Optional<Snapshot> head = store.find(id).map(Volume::snapshot);
        if (head.isEmpty()) {
            return path -> Optional.empty();
        }
        Snapshot snapshot = head.get();
        Cached cached = cache.get(id);
        if (cached == null || !java.util.Objects.equals(cached.view().commit(), snapshot.commitId())) {
            return snapshot::read;
        }
        return path -> Optional.ofNullable(cached.blobs().get(path)).map(blob -> snapshot.read(new Snapshot.Entry(path, blob)));
    }

    /** The path inside its volume of a folder skill's file. */
    static String fileOf(Skill skill, String rel) {
        return "skills/" + skill.id() + "/" + rel;
    }

    public Optional<Skill> findIn(VolumeId volume, String id) {
        return in(volume).skills().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The skills of one volume at its head (empty when the volume does not exist). */
    public VolumeSkills in(VolumeId volumeId) {
        Optional<Volume> volume = store.find(volumeId);
        if (volume.isEmpty()) {
            return new VolumeSkills(volumeId, null, List.of(), List.of());
        }
        Snapshot snapshot = volume.get().snapshot();
        Cached cached = cache.get(volumeId);
        if (cached != null && java.util.Objects.equals(cached.view().commit(), snapshot.commitId())) {
            return cached.view();
        }
        Cached fresh = load(snapshot, cached == null ? Map.of() : cached.byBlob());
        cache.put(volumeId, fresh);
        return fresh.view();
    }

    private Cached load(Snapshot snapshot, Map<String, SkillParser.Result> previous) {
        List<Snapshot.Entry> entries = snapshot.files("skills");
        Map<String, List<String>> folderFiles = new HashMap<>();
        for (Snapshot.Entry e : entries) {
            String rest = e.path().substring("skills/".length());
            int slash = rest.indexOf('/');
            // A file whose path is not safe (a space, a leading dot) cannot be read back, so it is no file of the skill.
            if (slash > 0 && !rest.substring(slash + 1).equals("SKILL.md") && VolumePaths.isSafe(e.path())) {
                folderFiles.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>()).add(rest.substring(slash + 1));
            }
        }
        Map<String, SkillParser.Result> byBlob = new HashMap<>();
        Map<String, String> blobs = new HashMap<>();
        entries.forEach(e -> blobs.put(e.path(), e.blobId()));
        Map<String, Skill> skills = new LinkedHashMap<>();
        List<SkillProblem> problems = new ArrayList<>();
        String volume = snapshot.volume().path();
        for (Snapshot.Entry e : entries) {
            if (!SkillParser.isMainFile(e.path())) {
                continue; // a skill folder's other files are listed, never read here
            }
            SkillParser.Result result = previous.get(e.blobId() + ":" + e.path());
            if (result == null) {
                Readable file = read(snapshot, e);
                result = file.problem() != null ? new SkillParser.Result(null, List.of(file.problem()))
                        : SkillParser.parseStored(e.path(), file.text());
            }
            byBlob.put(e.blobId() + ":" + e.path(), result);
            problems.addAll(result.problems());
            Skill skill = result.skill();
            if (skill == null) {
                continue;
            }
            List<String> files = skill.format() == SkillFormat.AGENT_SKILL
                    ? folderFiles.getOrDefault(skill.id(), List.of()) : List.of();
            Skill located = skill.located(volume, e.path(), snapshot.commitId(), files);
            Skill clash = skills.putIfAbsent(located.id(), located);
            if (clash != null) {
                problems.add(SkillProblem.error(e.path(), "id", 0, "'" + located.id()
                        + "' is also defined by " + clash.path() + "; that one is used"));
            }
        }
        List<Skill> list = new ArrayList<>(skills.values());
        list.sort(Comparator.comparing(Skill::id));
        return new Cached(new VolumeSkills(snapshot.volume(), snapshot.commitId(), List.copyOf(list),
                List.copyOf(problems)), byBlob, blobs);
    }

    /**
     * A skill's or agent's file as this catalog reads it: its text, or (larger than the limit: planted by hand
     * or by an older version) the problem that says so, without loading it.
     */
    public Readable read(Snapshot snapshot, Snapshot.Entry entry) {
        Optional<byte[]> bytes = snapshot.readAtMost(entry, maxFileBytes);
        return bytes.isPresent() ? new Readable(new String(bytes.get(), StandardCharsets.UTF_8), null)
                : new Readable(null, SkillProblem.error(entry.path(), "file", 0, "is " + snapshot.size(entry)
                        + " bytes, more than LLMOS_MAX_SKILL_BYTES (" + maxFileBytes + "): not loaded; delete it or make it smaller"));
    }

    /** {@link #read}'s answer: the text, or the problem. */
    public record Readable(String text, SkillProblem problem) {
    }

}
