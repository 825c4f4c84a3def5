package dev.llmos.skill;

/** Where a skill's text came from. Volumes store the first two; the rest are import sources. */
public enum SkillFormat {
    /** {@code skills/{id}.md} with {@code name}, {@code category}, {@code description}, {@code keywords}. */
    SEED("seed"),
    /** {@code skills/{id}/SKILL.md} folder per the Agent Skills specification. */
    AGENT_SKILL("agent-skill"),
    CURSOR_MDC("cursor-mdc"),
    CURSORRULES("cursorrules"),
    COPILOT_INSTRUCTIONS("copilot-instructions"),
    COPILOT_PROMPT("copilot-prompt"),
    COPILOT_AGENT("copilot-agent"),
    COPILOT_CHATMODE("copilot-chatmode");

    private final String label;

    SkillFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The import format a file name implies, or {@code null} when it is not a skill file. */
    public static SkillFormat forFileName(String fileName) {
        if (fileName.equals("SKILL.md")) {
            return AGENT_SKILL;
        }
        if (fileName.equals(".cursorrules")) {
            return CURSORRULES;
        }
        if (fileName.endsWith(".mdc")) {
            return CURSOR_MDC;
        }
        if (fileName.endsWith(".instructions.md") || fileName.equals("copilot-instructions.md")) {
            return COPILOT_INSTRUCTIONS;
        }
        if (fileName.endsWith(".prompt.md")) {
            return COPILOT_PROMPT;
        }
        if (fileName.endsWith(".agent.md")) {
            return COPILOT_AGENT;
        }
        if (fileName.endsWith(".chatmode.md")) {
            return COPILOT_CHATMODE;
        }
        return null;
    }
}
