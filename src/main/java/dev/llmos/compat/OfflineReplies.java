package dev.llmos.compat;

import java.util.List;

/**
 * The honest answer when no model is configured: what it says. It goes out in the client's protocol
 * (a message, or a stream of events) like any answer ({@link ClientAnswers}), so clients show it
 * instead of failing.
 */
final class OfflineReplies {

    static final String MODEL = "none";

    private OfflineReplies() {
    }

    static String text(List<String> skills, long inputTokens) {
        return "No model is configured, so no model answered this message.\n\n"
                + "What LLMos would have sent: "
                + (skills.isEmpty() ? "no skills" : skills.size() + (skills.size() == 1 ? " skill (" : " skills (")
                        + String.join(", ", skills) + ")")
                + " and your request, about " + inputTokens + " input tokens in all.\n\n"
                + "To get answers, set ANTHROPIC_API_KEY (Anthropic Claude) or LLMOS_OPENAI_BASE_URL "
                + "(any OpenAI-compatible server such as Ollama, vLLM or llama.cpp) and restart LLMos.";
    }

    /** About four characters a token, as the offline chat provider estimates. */
    static long estimateTokens(byte[] body) {
        return (body.length + 3) / 4;
    }
}
