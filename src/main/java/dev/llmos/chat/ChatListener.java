package dev.llmos.chat;

import java.util.List;

import dev.llmos.skill.Skill;
import dev.llmos.trace.Trace;

/** Receives a chat as it happens: the skills chosen, then the answer's text as it streams. */
public interface ChatListener {

    /** Called once, before the model is asked. {@code manifest} are candidates offered by name only. */
    default void onSkills(List<Trace.SkillRef> chosen, List<Skill> manifest) {
    }

    default void onText(String delta) {
    }

    ChatListener NONE = new ChatListener() {
    };
}
