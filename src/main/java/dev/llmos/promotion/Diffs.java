package dev.llmos.promotion;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.ContentDiffs;
import dev.llmos.volume.FileDiff;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/** The diff of a request: two-way against the target as it is, three-way when the target moved on. */
final class Diffs {

    private Diffs() {
    }

    static PromotionDiff of(VolumeStore store, Promotion p) {
        FileSet files = p.files();
        Snapshot frozen = store.require(VolumeId.parse(p.source())).snapshotAt(p.sourceCommit());
        Map<String, String> proposedBlobs = files.blobs(frozen);
        Map<String, byte[]> proposed = SkillFiles.contents(frozen, proposedBlobs);
        Optional<Volume> target = store.find(VolumeId.parse(p.target()));
        Snapshot now = target.map(Volume::snapshot).orElse(null);
        Map<String, String> nowBlobs = files.blobs(now);
        Map<String, byte[]> current = now == null ? Map.of() : SkillFiles.contents(now, nowBlobs);

        List<FileDiff> changes;
        if (p.mergeCommit() != null && target.isPresent()) {
            // Once merged, "what it changes" is what the merge commit did, whatever happened since.
            CommitInfo merge = target.get().commitInfo(p.mergeCommit());
            Snapshot after = target.get().snapshotAt(merge.id());
            Snapshot before = merge.parents().isEmpty() ? null : target.get().snapshotAt(merge.parents().get(0));
            changes = ContentDiffs.between(before == null ? Map.of() : SkillFiles.contents(before, files.blobs(before)),
                    SkillFiles.contents(after, files.blobs(after)));
        } else {
            changes = ContentDiffs.between(current, proposed);
        }

        boolean moved = p.pending() && now != null && !nowBlobs.equals(p.base());
        List<FileDiff> theirs = List.of();
        List<FileDiff> ours = List.of();
        List<String> conflicts = List.of();
        if (moved) {
            // The base blobs were in the target when the request was opened, so its repository holds them.
            Map<String, byte[]> base = SkillFiles.contents(now, p.base());
            theirs = ContentDiffs.between(base, current);
            ours = ContentDiffs.between(base, proposed);
            TreeSet<String> paths = new TreeSet<>(p.base().keySet());
            paths.addAll(nowBlobs.keySet());
            paths.addAll(proposedBlobs.keySet());
            conflicts = paths.stream().filter(path -> {
                String b = p.base().get(path);
                String t = nowBlobs.get(path);
                String o = proposedBlobs.get(path);
                return !Objects.equals(b, t) && !Objects.equals(b, o) && !Objects.equals(t, o);
            }).toList();
        }
        return new PromotionDiff(p.id(), p.status(), p.kind(), p.skillId(), p.agent(), p.source(), p.sourceCommit(), p.target(),
                now == null ? null : now.commitId(), changes, moved, theirs, ours, conflicts);
    }
}
