package dev.llmos.web;

import java.util.List;
import java.util.Map;

import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillSelector;
import dev.llmos.skill.SkillEdit;
import dev.llmos.skill.SkillFormat;
import dev.llmos.skill.TemplatePlaceholders;
import dev.llmos.volume.CommitInfo;
import io.swagger.v3.oas.annotations.media.Schema;

/** Request and response bodies of the skills API (snake_case on the wire, as in the seed). */
final class SkillDtos {

    private SkillDtos() {
    }

    @Schema(description = "Create a skill (the seed's body). The skill goes to the caller's own volume unless `volume` says `team`.")
    record CreateSkillRequest(String userId, String teamId, String skillId, String name, String category,
                              String description, String content, List<String> keywords,
                              @Schema(description = "user (default) or team") String volume,
                              @Schema(description = "seed (default) or agent-skill") String format,
                              String license, String compatibility, Map<String, String> metadata,
                              List<String> allowedTools, Boolean alwaysOn, List<String> globs) {

        SkillEdit edit() {
            return new SkillEdit(name, category, description, content, keywords, parseFormat(format), license,
                    compatibility, metadata, allowedTools, alwaysOn, globs);
        }
    }

    @Schema(description = "Replace a skill in the caller's volume (creating an override when it lives in a lower layer).")
    record UpdateSkillRequest(String userId, String teamId, String name, String category, String description,
                              String content, List<String> keywords, String volume, String format, String license,
                              String compatibility, Map<String, String> metadata, List<String> allowedTools,
                              Boolean alwaysOn, List<String> globs) {

        SkillEdit edit() {
            return new SkillEdit(name, category, description, content, keywords, parseFormat(format), license,
                    compatibility, metadata, allowedTools, alwaysOn, globs);
        }
    }

    record RevertRequest(String userId, String teamId, String commit, String volume) {
    }

    /**
     * {@code status} is {@code draft} for a draft awaiting review, {@code unfilled} for a template saved with its
     * placeholders (neither is offered to a model), else {@code active}.
     */
    record SkillSummary(String id, String name, String category, String description, String volume,
                        List<String> keywords, String format, boolean alwaysOn,
                        @Schema(description = "active, draft (awaiting review) or unfilled (a template's placeholders "
                                + "still in its name or description); only active skills are offered to a model") String status) {

        static SkillSummary of(Skill s) {
            return new SkillSummary(s.id(), s.name(), s.category(), s.description(), s.volume(), s.keywords(),
                    s.format().label(), s.alwaysOn(), status(s));
        }

        static String status(Skill s) {
            return SkillSelector.isDraft(s) ? "draft" : TemplatePlaceholders.unfilled(s) ? "unfilled" : "active";
        }
    }

    @Schema(description = "`problems`: files in the caller's volumes that could not be loaded as skills (too large, invalid), "
            + "at most 50; fix or delete them")
    record SkillList(int total, List<SkillSummary> skills, List<FileProblem> problems) {
    }

    /** A file of a volume that could not be loaded: where it is and why. */
    record FileProblem(String volume, String file, String field, String message) {
    }

    record SkillDetail(String id, String name, String category, String description, String volume,
                       List<String> keywords, String format, boolean alwaysOn, List<String> globs, String content,
                       String path, String commit, List<String> files, String license, String compatibility,
                       Map<String, String> metadata, List<String> allowedTools,
                       @Schema(description = "Other volumes visible to the caller that define the same id") List<String> overrides,
                       @Schema(description = "Version of the skill's file; send it as If-Match to change only this version") String etag,
                       @Schema(description = "active, draft or unfilled, as in the list") String status) {

        static SkillDetail of(Skill s, List<String> overrides, String etag) {
            return new SkillDetail(s.id(), s.name(), s.category(), s.description(), s.volume(), s.keywords(),
                    s.format().label(), s.alwaysOn(), s.globs(), s.body(), s.path(), s.commit(), s.files(), s.license(),
                    s.compatibility(), s.metadata(), s.allowedTools(), overrides, etag, SkillSummary.status(s));
        }
    }

    @Schema(description = "warnings: what was saved but needs attention, e.g. template placeholders still in it "
            + "(such a skill is not offered to the model until its name and description are filled in)")
    record SavedSkill(SkillDetail skill, CommitInfo commit, boolean created, List<ProblemHandler.FieldError> warnings) {
    }

    record CommitList(String volume, List<CommitInfo> commits) {
    }

    static SkillFormat parseFormat(String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        for (SkillFormat f : SkillFormat.values()) {
            if (f.label().equals(format)) {
                return f;
            }
        }
        throw new dev.llmos.volume.InvalidNameException("format", "'" + format + "' is not a format; use seed or agent-skill");
    }
}
