package dev.llmos.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.llmos.llm.LlmMessage;
import dev.llmos.llm.LlmRequest.SystemBlock;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillText;
import dev.llmos.trace.Trace;

/**
 * Builds the prompt. The first system block is the stable prefix: the fixed instructions, then
 * the chosen skills sorted by id, with no timestamps or ids, so the same skills give the same
 * bytes and the provider's prompt cache hits; it ends with the cache breakpoint. What varies
 * per request (the manifest of other candidates, the conversation) comes after it.
 */
final class PromptAssembler {

    static final String INSTRUCTIONS = """
            You are LLMos, an assistant that follows skills: instructions written by the people and teams \
            you work for. When a skill below fits the request, follow its approach, checklists and \
            conventions; when none fits, answer from general knowledge. Do not mention skills unless asked.""";

    private PromptAssembler() {
    }

    static List<SystemBlock> system(List<Skill> chosen, List<Skill> manifest, boolean canLoadSkills) {
        StringBuilder stable = new StringBuilder(INSTRUCTIONS);
        List<Skill> ordered = new ArrayList<>(chosen);
        ordered.sort(Comparator.comparing(Skill::id));
        if (!ordered.isEmpty()) {
            stable.append("\n\n# Skills\n");
            for (Skill s : ordered) {
                stable.append("\n<skill id=\"").append(s.id()).append("\" name=\"").append(attr(s.name()))
                        .append("\">\n").append(s.description() == null ? "" : s.description().strip()).append("\n\n")
                        .append(s.body().strip()).append("\n</skill>\n");
            }
        }
        List<SystemBlock> blocks = new ArrayList<>();
        blocks.add(new SystemBlock(stable.toString(), true));
        if (!manifest.isEmpty()) {
            StringBuilder more = new StringBuilder(canLoadSkills
                    ? "Other skills you can load with the load_skill tool when one fits better:\n"
                    : "Other skills exist that the user can ask for by writing $skill-id:\n");
            for (Skill s : manifest) {
                more.append("- ").append(s.id()).append(": ").append(SkillText.oneLine(s.description(), 200)).append('\n');
            }
            blocks.add(new SystemBlock(more.toString(), false));
        }
        return blocks;
    }

    /** Earlier turns of the conversation (successful ones), then the new message. */
    static List<LlmMessage> messages(List<Trace> history, String message, int maxTurns) {
        List<LlmMessage> out = new ArrayList<>();
        List<Trace> ok = history.stream().filter(Trace::ok).toList();
        for (Trace t : ok.subList(Math.max(0, ok.size() - maxTurns), ok.size())) {
            out.add(LlmMessage.user(t.request()));
            out.add(LlmMessage.assistant(t.response()));
        }
        out.add(LlmMessage.user(message));
        return out;
    }

    private static String attr(String s) {
        return s == null ? "" : s.replace("\"", "'").replace('\n', ' ');
    }
}
