package dev.llmos.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.sync.SyncService;
import dev.llmos.sync.SyncState;
import dev.llmos.volume.FileDiff;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStats;
import dev.llmos.volume.VolumeStore;
import dev.llmos.web.SkillDtos.CommitList;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Volumes", description = "The git repositories behind skills and traces: stats, history, diffs")
class VolumeController {

    record VolumeList(List<VolumeView> volumes) {
    }

    /** A volume's counts and its sync state with the git server ({@code state: off} without one). */
    record VolumeView(String volume, String head, long skills, long traces, long commits, long sizeBytes, SyncState sync) {
        static VolumeView of(VolumeStats stats, SyncState sync) {
            return new VolumeView(stats.volume(), stats.head(), stats.skills(), stats.traces(), stats.commits(),
                    stats.sizeBytes(), sync);
        }
    }

    record CommitDiff(String volume, CommitInfo commit, List<FileDiff> files) {
    }

    private final VolumeStore store;
    private final CallerResolver callers;
    private final AccessPolicy access;
    private final SyncService sync;

    VolumeController(VolumeStore store, CallerResolver callers, AccessPolicy access, SyncService sync) {
        this.store = store;
        this.callers = callers;
        this.access = access;
        this.sync = sync;
    }

    @GetMapping("/volumes")
    @Operation(summary = "The volumes the caller can read, with skills, traces, commits, size and sync state",
            description = "`sync` is `{state: off}` without LLMOS_GIT_REMOTE; otherwise ahead/behind the git server, "
                    + "last push and pull, the last error and the number of unresolved conflicts.")
    VolumeList list(@RequestParam(name = "user_id", required = false) String userId,
                    @RequestParam(name = "team_id", required = false) String teamId) {
        Principal who = callers.resolve(userId, teamId);
        List<VolumeView> out = new ArrayList<>();
        List<VolumeId> candidates = new ArrayList<>();
        candidates.add(VolumeId.SYSTEM);
        if (who.teamId() != null) {
            candidates.add(VolumeId.team(who.teamId()));
        }
        if (who.userId() != null) {
            candidates.add(VolumeId.user(who.userId()));
        }
        for (VolumeId id : candidates) {
            if (access.canRead(who, id)) {
                store.find(id).ifPresent(v -> out.add(VolumeView.of(v.stats(), sync.state(id))));
            }
        }
        return new VolumeList(out);
    }

    @GetMapping("/volumes/system/history")
    @Operation(summary = "Commits of the system volume, newest first")
    CommitList systemHistory(@RequestParam(name = "user_id", required = false) String userId,
                             @RequestParam(name = "team_id", required = false) String teamId,
                             @RequestParam(required = false) String path,
                             @RequestParam(defaultValue = "0") int skip,
                             @RequestParam(defaultValue = "50") int limit) {
        return history(VolumeId.SYSTEM, userId, teamId, path, skip, limit);
    }

    @GetMapping("/volumes/{kind}/{name}/history")
    @Operation(summary = "Commits of a team or user volume, newest first", description = "kind is `teams` or `users`.")
    CommitList history(@PathVariable String kind, @PathVariable String name,
                       @RequestParam(name = "user_id", required = false) String userId,
                       @RequestParam(name = "team_id", required = false) String teamId,
                       @RequestParam(required = false) String path,
                       @RequestParam(defaultValue = "0") int skip,
                       @RequestParam(defaultValue = "50") int limit) {
        return history(VolumeId.parse(kind + "/" + name), userId, teamId, path, skip, limit);
    }

    @GetMapping("/volumes/system/diff/{commit}")
    @Operation(summary = "What one commit of the system volume changed, as unified diffs")
    CommitDiff systemDiff(@PathVariable String commit,
                          @RequestParam(name = "user_id", required = false) String userId,
                          @RequestParam(name = "team_id", required = false) String teamId) {
        return diff(VolumeId.SYSTEM, commit, userId, teamId);
    }

    @GetMapping("/volumes/{kind}/{name}/diff/{commit}")
    @Operation(summary = "What one commit of a team or user volume changed, as unified diffs")
    CommitDiff diff(@PathVariable String kind, @PathVariable String name, @PathVariable String commit,
                    @RequestParam(name = "user_id", required = false) String userId,
                    @RequestParam(name = "team_id", required = false) String teamId) {
        return diff(VolumeId.parse(kind + "/" + name), commit, userId, teamId);
    }

    private CommitList history(VolumeId id, String userId, String teamId, String path, int skip, int limit) {
        Principal who = callers.resolve(userId, teamId);
        access.requireRead(who, id);
        return new CommitList(id.path(), store.require(id).history(path, Math.max(0, skip), Pages.limit(limit)));
    }

    private CommitDiff diff(VolumeId id, String commit, String userId, String teamId) {
        Principal who = callers.resolve(userId, teamId);
        access.requireRead(who, id);
        var volume = store.require(id);
        return new CommitDiff(id.path(), volume.commitInfo(commit), volume.diff(commit, null));
    }
}
