package dev.llmos.skill;

import java.util.List;
import java.util.Map;

/**
 * What a person writes when creating or changing a skill. {@code format} is null to keep the
 * existing file's format (or use the seed format for a new skill).
 */
public record SkillEdit(String name, String category, String description, String content, List<String> keywords,
                        SkillFormat format, String license, String compatibility, Map<String, String> metadata,
                        List<String> allowedTools, Boolean alwaysOn, List<String> globs) {

    /** The seed's fields only. */
    public static SkillEdit seed(String name, String category, String description, String content, List<String> keywords) {
        return new SkillEdit(name, category, description, content, keywords, null, null, null, null, null, null, null);
    }
}
