package dev.llmos.skill;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.Expect;
import dev.llmos.volume.VolumeConflictException;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.InvalidNameException;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Creating, changing, deleting and reverting skills in one volume. Every change is validated by
 * writing the file and reading it back exactly as the catalog will, so nothing stored can fail
 * to load; then it is committed through the volume's single writer.
 */
public final class SkillService {

    /** A skill as stored by a write, with the commit that holds it. */
    public record Saved(Skill skill, CommitInfo commit, boolean created) {
    }

    private final VolumeStore store;
    private final SkillCatalog catalog;
    private final int maxSkillBytes;

    public SkillService(VolumeStore store, SkillCatalog catalog, int maxSkillBytes) {
        this.store = store;
        this.catalog = catalog;
        this.maxSkillBytes = maxSkillBytes;
    }

    public int maxSkillBytes() {
        return maxSkillBytes;
    }

    public Saved create(VolumeId volume, String id, SkillEdit edit, Author author) {
        requireId(id);
        String exists = "skill '" + id + "' already exists in " + volume + "; change it with PUT /skills/" + id;
        if (existingFormat(volume, id) != null) {
            throw new SkillConflictException(exists);
        }
        // Checked again by the writer, so two creates of one id cannot both win.
        List<Expect> absent = List.of(Expect.absent(seedPath(id)), Expect.absent(folderMain(id)));
        try {
            return write(volume, id, edit, author, null, absent);
        } catch (VolumeConflictException e) {
            throw new SkillConflictException(exists);
        }
    }

    /** Creates or replaces the skill in {@code volume} (an override when it lives in a lower layer). */
    public Saved put(VolumeId volume, String id, SkillEdit edit, Author author) {
        return put(volume, id, edit, author, null);
    }

    /**
     * Like {@link #put(VolumeId, String, SkillEdit, Author)}, but only while the skill's file is
     * still at version {@code ifMatch} (its {@link #etag}); null for no condition.
     */
    public Saved put(VolumeId volume, String id, SkillEdit edit, Author author, String ifMatch) {
        requireId(id);
        SkillFormat existing = existingFormat(volume, id);
        List<Expect> expects = List.of();
        if (ifMatch != null) {
            if (existing == null) {
                throw new SkillChangedException("skill '" + id + "' does not exist in " + volume + ", so it cannot match " + ifMatch);
            }
            expects = List.of(new Expect(existing == SkillFormat.SEED ? seedPath(id) : folderMain(id), ifMatch));
        }
        try {
            return write(volume, id, edit, author, existing, expects);
        } catch (VolumeConflictException e) {
            throw new SkillChangedException("skill '" + id + "' in " + volume + " changed since version " + ifMatch
                    + (e.actualBlobId() == null ? "; it was deleted" : "; it is now at " + e.actualBlobId()));
        }
    }

    /** The version of the skill's main file as read, for optimistic concurrency (an ETag). */
    public String etag(Skill skill) {
        return store.require(VolumeId.parse(skill.volume())).snapshotAt(skill.commit()).blobId(skill.path())
                .orElseThrow(() -> new SkillNotFoundException(skill.id(), skill.volume()));
    }

    private static String seedPath(String id) {
        return "skills/" + id + ".md";
    }

    private static String folderMain(String id) {
        return "skills/" + id + "/SKILL.md";
    }

    /**
     * The format the skill is stored in, or null when the volume does not hold it. Cheap: two path lookups,
     * no file read, so it also finds a file too large or too broken to load.
     */
    private SkillFormat existingFormat(VolumeId volumeId, String id) {
        var volume = store.find(volumeId);
        if (volume.isEmpty()) {
            return null;
        }
        Snapshot head = volume.get().snapshot();
        if (head.blobId(seedPath(id)).isPresent()) {
            return SkillFormat.SEED;
        }
        return head.blobId(folderMain(id)).isPresent() ? SkillFormat.AGENT_SKILL : null;
    }

    private Saved write(VolumeId volumeId, String id, SkillEdit edit, Author author, SkillFormat existing,
                        List<Expect> expects) {
        SkillFormat format = edit.format() != null ? edit.format() : existing != null ? existing : SkillFormat.SEED;
        boolean needsAgentSkill = (edit.alwaysOn() != null && edit.alwaysOn()) || notEmpty(edit.globs())
                || notBlank(edit.license()) || notBlank(edit.compatibility()) || notEmpty(edit.allowedTools())
                || (edit.metadata() != null && !edit.metadata().isEmpty());
        if (format == SkillFormat.SEED && needsAgentSkill) {
            if (edit.format() == null && existing == null) {
                format = SkillFormat.AGENT_SKILL; // only a SKILL.md can hold these fields
            } else {
                throw new InvalidSkillException(List.of(SkillProblem.error(id, "format", 0,
                        "the seed format has no place for always_on, globs, license, compatibility, allowed_tools or "
                                + "metadata; use \"format\": \"agent-skill\"")));
            }
        }
        if (format != SkillFormat.SEED && format != SkillFormat.AGENT_SKILL) {
            throw new InvalidSkillException(List.of(SkillProblem.error(id, "format", 0,
                    "volumes store 'seed' or 'agent-skill'; import other formats with skills import")));
        }
        Skill skill = new Skill(id, blankToNull(edit.name()) == null ? id : edit.name().strip(),
                edit.description() == null ? null : edit.description().strip(), edit.category(),
                edit.keywords() == null ? List.of() : edit.keywords().stream().map(String::strip).filter(k -> !k.isEmpty()).toList(),
                edit.content() == null ? "" : edit.content(), format,
                edit.alwaysOn() != null && edit.alwaysOn(), edit.globs(), edit.license(), edit.compatibility(),
                edit.metadata(), edit.allowedTools(), List.of(), null, null, null);
        String path = SkillMarkdown.pathOf(skill);
        String text = SkillMarkdown.render(skill);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxSkillBytes) {
            throw new SkillTooLargeException(bytes.length, maxSkillBytes);
        }
        SkillParser.Result check = SkillParser.parseStored(path, text);
        List<SkillProblem> problems = new ArrayList<>(check.problems());
        if (skill.description() == null || skill.description().isBlank()) {
            problems.add(SkillProblem.error(path, "description", 0, "is required: say what the skill does and when to use it"));
        }
        if (!check.ok() || problems.stream().anyMatch(SkillProblem::isError)) {
            throw new InvalidSkillException(problems);
        }
        List<FileChange> changes = new ArrayList<>();
        changes.add(new FileChange.Put(path, bytes));
        if (existing != null && existing != format) {
            changes.add(new FileChange.Delete(existing == SkillFormat.SEED ? "skills/" + id + ".md" : "skills/" + id));
        }
        Volume volume = store.open(volumeId);
        String verb = existing == null ? "Create" : "Update";
        CommitInfo commit = volume.commit(author, verb + " skill " + id, changes, expects);
        List<String> files = format == SkillFormat.AGENT_SKILL
                ? volume.snapshot().files("skills/" + id).stream().map(e -> e.path().substring(("skills/" + id + "/").length()))
                        .filter(f -> !f.equals("SKILL.md")).toList()
                : List.of();
        return new Saved(check.skill().located(volumeId.path(), path, commit.id(), files), commit, existing == null);
    }

    /** Deletes the skill's file or folder, found by path: a file the catalog cannot load (too large, broken) can be deleted too. */
    public CommitInfo delete(VolumeId volumeId, String id, Author author) {
        requireId(id);
        SkillFormat existing = existingFormat(volumeId, id);
        if (existing == null) {
            throw new SkillNotFoundException(id, volumeId.path());
        }
        return store.require(volumeId).commit(author, "Delete skill " + id,
                List.of(new FileChange.Delete(existing == SkillFormat.SEED ? seedPath(id) : "skills/" + id)));
    }

    public List<CommitInfo> history(VolumeId volumeId, String id, int skip, int limit) {
        requireId(id);
        Volume volume = store.require(volumeId);
        // A skill's history covers both places it may have lived: a seed file and a folder.
        List<CommitInfo> seed = volume.history("skills/" + id + ".md", 0, skip + limit);
        List<CommitInfo> folder = volume.history("skills/" + id, 0, skip + limit);
        Set<String> seen = new HashSet<>();
        List<CommitInfo> all = new ArrayList<>();
        for (CommitInfo c : concat(seed, folder)) {
            if (seen.add(c.id())) {
                all.add(c);
            }
        }
        all.sort((a, b) -> b.time().compareTo(a.time()));
        return all.stream().skip(skip).limit(limit).toList();
    }

    /** Makes the skill's files what they were at {@code commit}, as a new commit. */
    public Saved revert(VolumeId volumeId, String id, String commit, Author author) {
        requireId(id);
        Volume volume = store.require(volumeId);
        Snapshot then = volume.snapshotAt(commit);
        Snapshot now = volume.snapshot();
        List<FileChange> changes = new ArrayList<>();
        Set<String> thenPaths = new HashSet<>();
        Optional<byte[]> seedThen = then.read("skills/" + id + ".md");
        if (seedThen.isPresent()) {
            thenPaths.add("skills/" + id + ".md");
            changes.add(new FileChange.Put("skills/" + id + ".md", seedThen.get()));
        }
        for (Snapshot.Entry e : then.files("skills/" + id)) {
            thenPaths.add(e.path());
            changes.add(new FileChange.Put(e.path(), then.read(e)));
        }
        if (thenPaths.isEmpty()) {
            throw new SkillNotFoundException(id, volumeId.path() + " at commit " + commit);
        }
        for (Snapshot.Entry e : now.files("skills/" + id)) {
            if (!thenPaths.contains(e.path())) {
                changes.add(new FileChange.Delete(e.path()));
            }
        }
        if (!thenPaths.contains("skills/" + id + ".md") && now.read("skills/" + id + ".md").isPresent()) {
            changes.add(new FileChange.Delete("skills/" + id + ".md"));
        }
        String shortId = commit.length() > 10 ? commit.substring(0, 10) : commit;
        CommitInfo info = volume.commit(author, "Revert skill " + id + " to " + shortId, changes);
        Skill stored = catalog.findIn(volumeId, id).orElseThrow(() -> new SkillNotFoundException(id, volumeId.path()));
        return new Saved(stored, info, false);
    }

    /** Writes imported skills (with their folder files) into one volume as a single commit. */
    public CommitInfo importAll(VolumeId volumeId, List<SkillImporter.Imported> imported, Author author, String source) {
        List<FileChange> changes = new ArrayList<>();
        for (SkillImporter.Imported i : imported) {
            Skill skill = i.skill();
            byte[] main = SkillMarkdown.render(skill).getBytes(StandardCharsets.UTF_8);
            if (main.length > maxSkillBytes) {
                // Converting re-writes the front matter, so the stored file can be larger than the one sent.
                throw new SkillTooLargeException(i.sourcePath() + " (as " + SkillMarkdown.pathOf(skill) + ")", main.length, maxSkillBytes);
            }
            changes.add(new FileChange.Put(SkillMarkdown.pathOf(skill), main));
            for (Map.Entry<String, byte[]> f : i.files().entrySet()) {
                if (f.getValue().length > maxSkillBytes) {
                    throw new SkillTooLargeException("skills/" + skill.id() + "/" + f.getKey(), f.getValue().length, maxSkillBytes);
                }
                changes.add(new FileChange.Put("skills/" + skill.id() + "/" + f.getKey(), f.getValue()));
            }
        }
        String count = imported.size() + (imported.size() == 1 ? " skill" : " skills");
        return store.open(volumeId).commit(author, "Import " + count + " from " + source, changes);
    }

    private static void requireId(String id) {
        if (!SkillParser.isValidId(id)) {
            throw new InvalidNameException("skill_id", "'" + (id == null ? "" : VolumeId.printable(id))
                    + "' must be 1-64 characters of a-z, 0-9 and single hyphens, e.g. my-testing-skill");
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
