package dev.llmos.skill;

import java.util.List;
import java.util.Map;

/**
 * One skill, whatever format it was written in.
 *
 * @param id          stable identifier: the file stem or folder name ({@code a-z0-9-})
 * @param name        display name (the seed's {@code name}; for a {@code SKILL.md}, its name)
 * @param alwaysOn    injected into every request (Cursor's {@code alwaysApply})
 * @param globs       file patterns the skill applies to (Cursor {@code globs}, Copilot {@code applyTo})
 * @param files       other files of a folder skill, relative to the folder (never executed)
 * @param volume      the volume it was read from ({@code system}, {@code teams/x}, {@code users/x})
 * @param path        its main file's path inside the volume
 * @param commit      the commit it was read at
 */
public record Skill(String id, String name, String description, String category, List<String> keywords,
                    String body, SkillFormat format, boolean alwaysOn, List<String> globs, String license,
                    String compatibility, Map<String, String> metadata, List<String> allowedTools,
                    List<String> files, String volume, String path, String commit) {

    public Skill {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        globs = globs == null ? List.of() : List.copyOf(globs);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        files = files == null ? List.of() : List.copyOf(files);
        body = body == null ? "" : body;
        category = category == null || category.isBlank() ? "general" : category;
    }

    Skill located(String volume, String path, String commit, List<String> files) {
        return new Skill(id, name, description, category, keywords, body, format, alwaysOn, globs, license,
                compatibility, metadata, allowedTools, files, volume, path, commit);
    }

    Skill withFormat(SkillFormat newFormat) {
        return new Skill(id, name, description, category, keywords, body, newFormat, alwaysOn, globs, license,
                compatibility, metadata, allowedTools, files, volume, path, commit);
    }
}
