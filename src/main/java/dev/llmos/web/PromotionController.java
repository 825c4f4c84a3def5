package dev.llmos.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.Principal;
import dev.llmos.promotion.Promotion;
import dev.llmos.promotion.PromotionDiff;
import dev.llmos.promotion.PromotionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Promotions", description = "Pull-request-style promotion of skills and agents: user → team → system")
class PromotionController {

    @Schema(description = "The seed's body. `from` defaults to the caller's user volume; `to` to the caller's team "
            + "(from a user volume) or system (from a team volume).")
    record PromoteBody(String userId, String teamId, String skillId, String reason, String from, String to) {
    }

    @Schema(description = "The agent is named in the path. `from` defaults to the caller's user volume; `to` to the "
            + "caller's team (from a user volume) or system (from a team volume). `reason` is required.")
    record AgentPromoteBody(String userId, String teamId, String reason, String from, String to) {
    }

    @Schema(description = "inbox: open and stale requests the caller may review; outbox: the caller's own, in every state; "
            + "decided: the latest 50 decided requests (merged, rejected, withdrawn, reverted) to volumes the caller reviews")
    record Boxes(List<Promotion> inbox, List<Promotion> outbox, List<Promotion> decided) {
    }

    record Note(String userId, String teamId, String text, String comment, String reason) {
    }

    private final PromotionService promotions;
    private final CallerResolver callers;

    PromotionController(PromotionService promotions, CallerResolver callers) {
        this.promotions = promotions;
        this.callers = callers;
    }

    @PostMapping("/skills/promote")
    @Operation(summary = "Open a promotion request",
            description = "Freezes the skill as it is now in the source volume and asks the target's reviewers "
                    + "(team maintainers; system admins) to merge it. Nothing changes in the target until approved.")
    ResponseEntity<Promotion> promote(@RequestBody PromoteBody body) {
        Principal who = callers.resolve(body.userId(), body.teamId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(promotions.open(who, body.skillId(), body.from(), body.to(), body.reason()));
    }

    @PostMapping("/agents/{name}/promote")
    @Operation(summary = "Open a promotion request for an agent",
            description = "Like POST /skills/promote for the agent's file agents/{name}.md: it must be defined in the source "
                    + "volume and parse without errors (422 otherwise). Reviewed, merged and reverted through /promotions.")
    ResponseEntity<Promotion> promoteAgent(@PathVariable String name, @RequestBody AgentPromoteBody body) {
        Principal who = callers.resolve(body.userId(), body.teamId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(promotions.openAgent(who, name, body.from(), body.to(), body.reason()));
    }

    @GetMapping("/promotions")
    @Operation(summary = "The caller's inbox (requests they may review), outbox (requests they opened) and decided requests they could review")
    Boxes list(@RequestParam(name = "user_id", required = false) String userId,
               @RequestParam(name = "team_id", required = false) String teamId) {
        Principal who = callers.resolve(userId, teamId);
        return new Boxes(promotions.inbox(who), promotions.outbox(who), promotions.decided(who, 50));
    }

    @GetMapping("/promotions/{id}")
    @Operation(summary = "One promotion request with its log of events")
    Promotion show(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId,
                   @RequestParam(name = "team_id", required = false) String teamId) {
        return promotions.get(callers.resolve(userId, teamId), id);
    }

    @GetMapping("/promotions/{id}/diff")
    @Operation(summary = "What approving would change, as unified diffs",
            description = "When the target changed since the request was opened: also `theirs` (base → target now), "
                    + "`ours` (base → proposed) and the conflicting paths.")
    PromotionDiff diff(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId,
                       @RequestParam(name = "team_id", required = false) String teamId) {
        return promotions.diff(callers.resolve(userId, teamId), id);
    }

    @PostMapping("/promotions/{id}/comments")
    @Operation(summary = "Comment on a request (the author, the source's readers, the target's reviewers)")
    Promotion comment(@PathVariable String id, @RequestBody Note body) {
        return promotions.comment(callers.resolve(body.userId(), body.teamId()), id, body.text());
    }

    @PostMapping("/promotions/{id}/approve")
    @Operation(summary = "Approve and merge (a reviewer of the target, not the author)",
            description = "One atomic commit in the target with trailers Promotion, Promoted-From and Approved-By. "
                    + "If the target's skill (or agent) changed since the request was opened: 409, the request becomes stale, nothing is written.")
    Promotion approve(@PathVariable String id, @RequestBody(required = false) Note body) {
        Note b = body == null ? new Note(null, null, null, null, null) : body;
        return promotions.approve(callers.resolve(b.userId(), b.teamId()), id, b.comment());
    }

    @PostMapping("/promotions/{id}/reject")
    @Operation(summary = "Reject a request, with a reason (a reviewer of the target)")
    Promotion reject(@PathVariable String id, @RequestBody Note body) {
        return promotions.reject(callers.resolve(body.userId(), body.teamId()), id, body.reason());
    }

    @PostMapping("/promotions/{id}/withdraw")
    @Operation(summary = "Withdraw a request (its author)")
    Promotion withdraw(@PathVariable String id, @RequestBody(required = false) Note body) {
        Note b = body == null ? new Note(null, null, null, null, null) : body;
        return promotions.withdraw(callers.resolve(b.userId(), b.teamId()), id);
    }

    @PostMapping("/promotions/{id}/revert")
    @Operation(summary = "Revert a merged promotion (a reviewer of the target)",
            description = "One commit in the target restoring the skill (or agent) as it was before the merge, with a Reverts-Promotion trailer.")
    Promotion revert(@PathVariable String id, @RequestBody Note body) {
        return promotions.revert(callers.resolve(body.userId(), body.teamId()), id, body.reason());
    }
}
