package dev.llmos.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.evolution.DraftView;
import dev.llmos.evolution.EvolutionProgress;
import dev.llmos.evolution.EvolutionService;
import dev.llmos.evolution.RunReport;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.VolumeId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Evolution: runs over the caller's traces, and review of the drafts they leave in the caller's volume. */
@RestController
@Tag(name = "Evolution", description = "Draft skills from the caller's repeated, successful requests; review them")
class EvolutionController {

    @Schema(description = "The seed's body. `for_user` may only name the caller: evolution reads that user's traces and "
            + "writes their volume, which admins do not do for others (403).")
    record EvolveRequest(String userId, String teamId, Boolean autoApply, String forUser) {
    }

    record DraftList(int total, List<DraftView> drafts) {
    }

    record RunList(int total, List<RunReport> runs) {
    }

    @Schema(description = "Optional edits made while reviewing; omitted fields keep the draft's text.")
    record AcceptRequest(String userId, String teamId, String description, String content) {
    }

    record RejectRequest(String userId, String reason) {
    }

    record Rejected(String id, CommitInfo commit) {
    }

    private final EvolutionService evolution;
    private final CallerResolver callers;
    private final AccessPolicy access;

    EvolutionController(EvolutionService evolution, CallerResolver callers, AccessPolicy access) {
        this.evolution = evolution;
        this.callers = callers;
        this.access = access;
    }

    @PostMapping("/evolve")
    @Operation(summary = "Run evolution over the caller's whole trace history",
            description = "Detects repeated, successful kinds of request and commits draft skills (or update proposals for "
                    + "skills the caller already has) to the caller's volume, in one commit. One run per user at a time (409). "
                    + "Long runs show their progress in GET /evolution/runs.")
    RunReport evolve(@RequestBody EvolveRequest body) {
        Principal who = callers.resolve(body.userId(), body.teamId());
        access.requireScope(who, Scope.WRITE);
        boolean autoApply = Boolean.TRUE.equals(body.autoApply());
        if (body.forUser() != null && !body.forUser().isBlank()) {
            access.requireOwnTraces(who, VolumeId.requireValidName(body.forUser(), "for_user"));
        }
        who.ownVolume();
        return evolution.run(who.userId(), who.teamId(), autoApply, EvolutionProgress.NONE);
    }

    @GetMapping("/evolution/runs")
    @Operation(summary = "The caller's recent evolution runs, newest first",
            description = "A run under way shows its progress. Admins may ask for another user's runs with `for_user`: "
                    + "their figures only, without the drafts' names and descriptions or the notes (those come from that user's chats).")
    RunList runs(@RequestParam(name = "user_id", required = false) String userId,
                 @RequestParam(name = "for_user", required = false) String forUser,
                 @RequestParam(defaultValue = "20") int limit) {
        Principal who = callers.resolve(userId, null);
        String user = who.ownVolume().name();
        if (forUser != null && !forUser.isBlank() && !forUser.equals(user)) {
            user = VolumeId.requireValidName(forUser, "for_user");
            access.requireOperationsOn(who, user);
        }
        List<RunReport> runs = evolution.runs(user, Pages.limit(limit));
        if (!user.equals(who.userId())) {
            // An admin's view of someone else's runs is operations: figures, not what was drafted from their chats.
            runs = runs.stream().map(RunReport::figuresOnly).toList();
        }
        return new RunList(runs.size(), runs);
    }

    @GetMapping("/evolution/drafts")
    @Operation(summary = "The caller's drafts and update proposals, each with its diff against the skill the caller sees now")
    DraftList drafts(@RequestParam(name = "user_id", required = false) String userId,
                     @RequestParam(name = "team_id", required = false) String teamId) {
        Principal who = callers.resolve(userId, teamId);
        who.ownVolume();
        List<DraftView> drafts = evolution.drafts(who.userId(), who.teamId());
        return new DraftList(drafts.size(), drafts);
    }

    @GetMapping("/evolution/drafts/{id}")
    @Operation(summary = "One draft: its file, its diff, and what the gate would say if it were accepted now")
    DraftView draft(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId,
                    @RequestParam(name = "team_id", required = false) String teamId) {
        Principal who = callers.resolve(userId, teamId);
        who.ownVolume();
        return evolution.draft(who.userId(), who.teamId(), id);
    }

    @PostMapping("/evolution/drafts/{id}/accept")
    @Operation(summary = "Accept a draft, optionally edited",
            description = "Runs the gate (valid skill, no secrets, no injection phrases, not a near-duplicate): 422 with the "
                    + "reasons when it fails. On success the skill loses `status: draft` in one commit; an update proposal "
                    + "becomes the caller's own version of that skill.")
    EvolutionService.Accepted accept(@PathVariable String id, @RequestBody AcceptRequest body) {
        Principal who = callers.resolve(body.userId(), body.teamId());
        who.ownVolume();
        access.requireScope(who, Scope.WRITE);
        return evolution.accept(who.userId(), who.teamId(), id, body.description(), body.content());
    }

    @PostMapping("/evolution/drafts/{id}/reject")
    @Operation(summary = "Reject a draft with a reason",
            description = "Removes it and remembers its pattern: it is not proposed again unless it changes materially.")
    Rejected reject(@PathVariable String id, @RequestBody RejectRequest body) {
        Principal who = callers.resolve(body.userId(), null);
        who.ownVolume();
        access.requireScope(who, Scope.WRITE);
        return new Rejected(id, evolution.reject(who.userId(), id, body.reason()));
    }
}
