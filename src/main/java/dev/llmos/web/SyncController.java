package dev.llmos.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.sync.SyncConflict;
import dev.llmos.sync.SyncService;
import dev.llmos.sync.SyncState;
import dev.llmos.volume.Author;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Sync", description = "Volumes shared through a git server by several LLMos nodes (docs/deployment.md)")
class SyncController {

    record SyncReply(String volume, SyncState sync) {
    }

    record ConflictList(String volume, List<SyncConflict> conflicts) {
    }

    record WebhookReply(List<String> queued) {
    }

    record ResolveRequest(String savedAs, String keep, String localBlob, String userId, String teamId) {
    }

    private final VolumeStore store;
    private final CallerResolver callers;
    private final AccessPolicy access;
    private final SyncService sync;

    SyncController(VolumeStore store, CallerResolver callers, AccessPolicy access, SyncService sync) {
        this.store = store;
        this.callers = callers;
        this.access = access;
        this.sync = sync;
    }

    @PostMapping("/volumes/system/sync")
    @Operation(summary = "Pull the system volume from the git server now, merge, and push (needs write access)")
    SyncReply syncSystem(@RequestParam(name = "user_id", required = false) String userId,
                         @RequestParam(name = "team_id", required = false) String teamId) {
        return syncNow(VolumeId.SYSTEM, userId, teamId);
    }

    @PostMapping("/volumes/{kind}/{name}/sync")
    @Operation(summary = "Pull a team or user volume from the git server now, merge, and push (needs write access)",
            description = "kind is `teams` or `users`. Answers 200 with the volume's sync state, which says whether it "
                    + "worked (`state: ok`) or why not (`last_error`); 409 when sync is off.")
    SyncReply sync(@PathVariable String kind, @PathVariable String name,
                   @RequestParam(name = "user_id", required = false) String userId,
                   @RequestParam(name = "team_id", required = false) String teamId) {
        return syncNow(VolumeId.parse(kind + "/" + name), userId, teamId);
    }

    @GetMapping("/volumes/system/conflicts")
    @Operation(summary = "Files of the system volume that two nodes changed differently, both versions")
    ConflictList systemConflicts(@RequestParam(name = "user_id", required = false) String userId,
                                 @RequestParam(name = "team_id", required = false) String teamId) {
        return conflicts(VolumeId.SYSTEM, userId, teamId);
    }

    @GetMapping("/volumes/{kind}/{name}/conflicts")
    @Operation(summary = "Files of a team or user volume that two nodes changed differently, both versions",
            description = "The local version stayed at `path`; the server's is saved at `saved_as`. Resolve by writing the "
                    + "wanted version to `path` and deleting `saved_as`.")
    ConflictList conflicts(@PathVariable String kind, @PathVariable String name,
                           @RequestParam(name = "user_id", required = false) String userId,
                           @RequestParam(name = "team_id", required = false) String teamId) {
        return conflicts(VolumeId.parse(kind + "/" + name), userId, teamId);
    }

    @PostMapping("/volumes/system/conflicts/resolve")
    @Operation(summary = "Resolve a sync conflict of the system volume (needs write access)")
    ConflictList resolveSystem(@RequestBody ResolveRequest request) {
        return resolve(VolumeId.SYSTEM, request);
    }

    @PostMapping("/volumes/{kind}/{name}/conflicts/resolve")
    @Operation(summary = "Resolve a sync conflict of a team or user volume (needs write access)",
            description = "`saved_as` names the conflict; `keep` is `local` (drop the saved server version) or `remote` "
                    + "(put it at the path). With `local_blob` (from the conflict list), only if the file is still that version. "
                    + "One commit; 409 if a file changed meanwhile. Answers the conflicts left.")
    ConflictList resolve(@PathVariable String kind, @PathVariable String name, @RequestBody ResolveRequest request) {
        return resolve(VolumeId.parse(kind + "/" + name), request);
    }

    @PostMapping("/sync/webhook")
    @Operation(summary = "Push event from the git server: pull the volume it names (or all)",
            description = "No bearer token: signed with LLMOS_SYNC_WEBHOOK_SECRET (X-Hub-Signature-256 from GitHub and Gitea, "
                    + "X-Gitea-Signature, or X-Gitlab-Token). 202 with the volumes queued; 401 on a bad signature; 404 when off.")
    ResponseEntity<WebhookReply> webhook(@RequestBody(required = false) byte[] body,
                                         @RequestHeader(name = "X-Hub-Signature-256", required = false) String hub,
                                         @RequestHeader(name = "X-Gitea-Signature", required = false) String gitea,
                                         @RequestHeader(name = "X-Gitlab-Token", required = false) String gitlab) {
        List<VolumeId> queued = sync.webhook(body == null ? new byte[0] : body, hub, gitea, gitlab);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new WebhookReply(queued.stream().map(VolumeId::path).toList()));
    }

    private SyncReply syncNow(VolumeId id, String userId, String teamId) {
        Principal who = callers.resolve(userId, teamId);
        access.requireWrite(who, id);
        return new SyncReply(id.path(), sync.syncNow(id));
    }

    private ConflictList resolve(VolumeId id, ResolveRequest request) {
        Principal who = callers.resolve(request.userId(), request.teamId());
        access.requireWrite(who, id);
        var volume = store.require(id);
        return new ConflictList(id.path(), sync.resolve(volume, request.savedAs(), request.keep(), request.localBlob(),
                Author.user(who.userId())));
    }

    private ConflictList conflicts(VolumeId id, String userId, String teamId) {
        Principal who = callers.resolve(userId, teamId);
        access.requireRead(who, id);
        return new ConflictList(id.path(), store.find(id).map(sync::conflicts).orElse(List.of()));
    }
}
