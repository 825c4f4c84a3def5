package dev.llmos.compat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.llmos.skill.Skill;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the chosen skills in front of the caller's own system prompt. Nothing else in the request is touched: messages, tools, tool results, images, stop sequences
 * and unknown fields go upstream as the client sent them.
 */
final class SkillInjection {

    /** Anthropic allows at most four cache breakpoints per request; ours is added only if there is room. */
    static final int MAX_CACHE_BREAKPOINTS = 4;

    private static final String BILLING_HEADER = "x-anthropic-billing-header:";

    static final String HEADER = """
            # Skills
            These skills were written by the people and teams you work for. Where one fits the task, \
            follow its approach, checklists and conventions; the instructions after this block still apply.
            """;

    private SkillInjection() {
    }

    /** The skills block: the chosen skills sorted by id, no timestamps, so equal choices give equal bytes (prompt cache). */
    static String block(List<Skill> chosen) {
        List<Skill> ordered = new ArrayList<>(chosen);
        ordered.sort(Comparator.comparing(Skill::id));
        StringBuilder out = new StringBuilder(HEADER);
        for (Skill s : ordered) {
            out.append("\n<skill id=\"").append(s.id()).append("\" name=\"")
                    .append(s.name() == null ? "" : s.name().replace("\"", "'").replace('\n', ' ')).append("\">\n")
                    .append(s.description() == null ? "" : s.description().strip()).append("\n\n")
                    .append(s.body().strip()).append("\n</skill>\n");
        }
        return out.toString();
    }

    /**
     * Anthropic: {@code system} becomes [skills block with a cache breakpoint, then the caller's system blocks].
     * Claude Code's billing header block ({@code x-anthropic-billing-header: …}) stays first, where it sends it.
     */
    static void injectAnthropic(ObjectNode body, String block) {
        ArrayNode system = body.arrayNode();
        JsonNode own = body.path("system");
        int keptFirst = 0;
        if (own.isArray() && !own.isEmpty() && own.get(0).path("text").asString("").startsWith(BILLING_HEADER)) {
            system.add(own.get(0));
            keptFirst = 1;
        }
        ObjectNode skills = system.addObject();
        skills.put("type", "text");
        skills.put("text", block);
        if (cacheBreakpoints(body) < MAX_CACHE_BREAKPOINTS) {
            skills.putObject("cache_control").put("type", "ephemeral");
        }
        if (own.isString()) {
            if (!own.asString().isEmpty()) {
                system.addObject().put("type", "text").put("text", own.asString());
            }
        } else if (own.isArray()) {
            for (int i = keptFirst; i < own.size(); i++) {
                system.add(own.get(i));
            }
        }
        body.set("system", system);
    }

    /** OpenAI: a system message with the skills goes first, before the caller's own system messages. */
    static void injectOpenAi(ObjectNode body, String block) {
        ArrayNode messages = body.arrayNode();
        messages.addObject().put("role", "system").put("content", block);
        body.path("messages").forEach(messages::add);
        body.set("messages", messages);
    }

    /** Responses: the skills go before the caller's {@code instructions} (as a developer message when those are not text). */
    static void injectResponses(ObjectNode body, String block) {
        JsonNode own = body.path("instructions");
        if (own.isMissingNode() || own.isNull() || own.isString()) {
            String rest = own.isString() ? own.asString() : "";
            body.put("instructions", rest.isBlank() ? block : block + "\n\n" + rest);
            return;
        }
        ArrayNode input = body.arrayNode();
        input.addObject().put("type", "message").put("role", "developer").put("content", block);
        JsonNode items = body.path("input");
        if (items.isString()) {
            input.addObject().put("type", "message").put("role", "user").put("content", items.asString());
        } else {
            items.forEach(input::add);
        }
        body.set("input", input);
    }

    private static int cacheBreakpoints(JsonNode node) {
        int n = 0;
        if (node.isObject() && node.has("cache_control")) {
            n++;
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                n += cacheBreakpoints(child);
            }
        }
        return n;
    }
}
