package dev.llmos.web;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillNotFoundException;
import dev.llmos.skill.SkillProblem;
import dev.llmos.skill.SkillService;
import dev.llmos.skill.SkillTemplates;
import dev.llmos.skill.TemplatePlaceholders;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.VolumeId;
import dev.llmos.web.SkillDtos.CommitList;
import dev.llmos.web.SkillDtos.CreateSkillRequest;
import dev.llmos.web.SkillDtos.FileProblem;
import dev.llmos.web.SkillDtos.RevertRequest;
import dev.llmos.web.SkillDtos.SavedSkill;
import dev.llmos.web.SkillDtos.SkillDetail;
import dev.llmos.web.SkillDtos.SkillList;
import dev.llmos.web.SkillDtos.SkillSummary;
import dev.llmos.web.SkillDtos.UpdateSkillRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Skills", description = "Skills in the caller's volumes: user over team over system")
class SkillController {

    private final SkillCatalog catalog;
    private final SkillService skills;
    private final SkillTemplates templates;
    private final CallerResolver callers;
    private final AccessPolicy access;

    SkillController(SkillCatalog catalog, SkillService skills, SkillTemplates templates, CallerResolver callers,
                    AccessPolicy access) {
        this.catalog = catalog;
        this.skills = skills;
        this.templates = templates;
        this.callers = callers;
        this.access = access;
    }

    @GetMapping("/skills")
    @Operation(summary = "List the skills visible to a user", description = "Merged view: a user's skill hides a team's, which hides the system's with the same id.")
    SkillList list(@RequestParam(name = "user_id", required = false) String userId,
                   @RequestParam(name = "team_id", required = false) String teamId,
                   @RequestParam(required = false) String category,
                   @RequestParam(required = false) String keyword,
                   @RequestParam(required = false) String volume,
                   @RequestParam(name = "q", required = false) String query) {
        Principal who = callers.resolve(userId, teamId);
        List<SkillSummary> out = catalog.visibleTo(who.userId(), who.teamId()).stream()
                .filter(s -> category == null || s.category().equalsIgnoreCase(category))
                .filter(s -> keyword == null || s.keywords().stream().anyMatch(k -> k.equalsIgnoreCase(keyword)))
                .filter(s -> volume == null || s.volume().equals(volume)
                        || (volume.equals("user") && s.volume().startsWith("users/"))
                        || (volume.equals("team") && s.volume().startsWith("teams/")))
                .filter(s -> query == null || matches(s, query))
                .map(SkillSummary::of)
                .toList();
        return new SkillList(out.size(), out, problems(who));
    }

    /** What the caller's layers could not load: a broken file is seen, never silently missing. */
    private List<FileProblem> problems(Principal who) {
        List<FileProblem> out = new java.util.ArrayList<>();
        for (VolumeId layer : catalog.layers(who.userId(), who.teamId())) {
            catalog.in(layer).problems().stream().filter(SkillProblem::isError)
                    .forEach(p -> out.add(new FileProblem(layer.path(), p.file(), p.field(), p.message())));
        }
        return out.stream().limit(ProblemHandler.MAX_ERRORS).toList();
    }

    private static boolean matches(Skill s, String query) {
        String q = query.toLowerCase(Locale.ROOT);
        return s.id().contains(q) || s.name().toLowerCase(Locale.ROOT).contains(q)
                || (s.description() != null && s.description().toLowerCase(Locale.ROOT).contains(q));
    }

    @PostMapping("/skills")
    @Operation(summary = "Create a skill", description = "The seed's body. Writes skills/{skill_id}.md to the caller's volume and commits it.")
    ResponseEntity<SavedSkill> create(@RequestBody CreateSkillRequest request) {
        Principal who = callers.resolve(request.userId(), request.teamId());
        VolumeId target = callers.target(who, request.volume());
        access.requireWrite(who, target);
        SkillService.Saved saved = skills.create(target, request.skillId(), request.edit(), Author.user(who.userId()));
        return ResponseEntity.status(HttpStatus.CREATED).body(saved(saved, who));
    }

    @GetMapping("/skills/templates")
    @Operation(summary = "Templates for new skills", description = "Seed-format starting points shipped in the system volume's templates/ folder.")
    List<SkillTemplates.Template> templates() {
        return templates.list();
    }

    @GetMapping("/skills/{id}")
    @Operation(summary = "Show a skill", description = "The skill the caller sees for this id, or the one in `volume` when given.")
    ResponseEntity<SkillDetail> show(@PathVariable String id,
                                     @RequestParam(name = "user_id", required = false) String userId,
                                     @RequestParam(name = "team_id", required = false) String teamId,
                                     @RequestParam(required = false) String volume) {
        Principal who = callers.resolve(userId, teamId);
        SkillDetail detail = detail(find(who, id, volume), who);
        return ResponseEntity.ok().eTag(detail.etag()).body(detail);
    }

    @PutMapping("/skills/{id}")
    @Operation(summary = "Create or replace a skill in the caller's volume",
            description = "With If-Match (the etag from GET), only if the skill is still at that version: else 412 and nothing is written.")
    ResponseEntity<SavedSkill> update(@PathVariable String id, @RequestBody UpdateSkillRequest request,
                                      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Principal who = callers.resolve(request.userId(), request.teamId());
        VolumeId target = callers.target(who, request.volume());
        access.requireWrite(who, target);
        SkillService.Saved saved = skills.put(target, id, request.edit(), Author.user(who.userId()), unquote(ifMatch));
        SavedSkill body = saved(saved, who);
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).eTag(body.skill().etag()).body(body);
    }

    /** {@code "abc"} or {@code W/"abc"} to {@code abc}; null stays null. */
    private static String unquote(String etag) {
        if (etag == null || etag.isBlank()) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    @DeleteMapping("/skills/{id}")
    @Operation(summary = "Delete a skill from the caller's volume", description = "Lower layers are untouched: deleting an override shows the team or system skill again.")
    CommitInfo delete(@PathVariable String id,
                      @RequestParam(name = "user_id", required = false) String userId,
                      @RequestParam(name = "team_id", required = false) String teamId,
                      @RequestParam(required = false) String volume) {
        Principal who = callers.resolve(userId, teamId);
        VolumeId target = callers.target(who, volume);
        access.requireWrite(who, target);
        return skills.delete(target, id, Author.user(who.userId()));
    }

    @GetMapping("/skills/{id}/history")
    @Operation(summary = "Commits that changed a skill", description = "In the volume the caller sees it from, or in `volume`.")
    CommitList history(@PathVariable String id,
                       @RequestParam(name = "user_id", required = false) String userId,
                       @RequestParam(name = "team_id", required = false) String teamId,
                       @RequestParam(required = false) String volume,
                       @RequestParam(defaultValue = "0") int skip,
                       @RequestParam(defaultValue = "50") int limit) {
        Principal who = callers.resolve(userId, teamId);
        VolumeId where = volume == null ? VolumeId.parse(find(who, id, null).volume()) : callers.target(who, volume);
        access.requireRead(who, where);
        return new CommitList(where.path(), skills.history(where, id, Math.max(0, skip), Pages.limit(limit)));
    }

    @PostMapping("/skills/{id}/revert")
    @Operation(summary = "Revert a skill to an earlier commit", description = "Writes the skill's files as they were at `commit`, as a new commit: history is never rewritten.")
    SavedSkill revert(@PathVariable String id, @RequestBody RevertRequest request) {
        Principal who = callers.resolve(request.userId(), request.teamId());
        VolumeId target = callers.target(who, request.volume());
        access.requireWrite(who, target);
        return saved(skills.revert(target, id, request.commit(), Author.user(who.userId())), who);
    }

    private Skill find(Principal who, String id, String volume) {
        if (volume != null) {
            VolumeId where = callers.target(who, volume);
            access.requireRead(who, where);
            return catalog.findIn(where, id).orElseThrow(() -> new SkillNotFoundException(id, where.path()));
        }
        return catalog.find(id, who.userId(), who.teamId())
                .orElseThrow(() -> new SkillNotFoundException(id, "the volumes visible to "
                        + (who.isAnonymous() ? "anonymous callers (system)" : who.userId())));
    }

    private SkillDetail detail(Skill skill, Principal who) {
        List<String> overrides = catalog.layers(who.userId(), who.teamId()).stream()
                .filter(layer -> !layer.path().equals(skill.volume()))
                .filter(layer -> catalog.findIn(layer, skill.id()).isPresent())
                .map(VolumeId::path)
                .toList();
        return SkillDetail.of(skill, overrides, skills.etag(skill));
    }

    private SavedSkill saved(SkillService.Saved saved, Principal who) {
        return new SavedSkill(detail(saved.skill(), who), saved.commit(), saved.created(),
                TemplatePlaceholders.warnings(saved.skill()).stream().map(ProblemHandler.FieldError::of).toList());
    }
}
