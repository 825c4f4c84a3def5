package dev.llmos.llm;

import java.util.List;

/**
 * Used when no model is configured. It never pretends to be a model: it says so, and shows what
 * LLMos would have sent (skills chosen, estimated tokens) so everything else can be tried.
 */
public final class OfflineProvider implements LlmProvider {

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public String defaultModel() {
        return "none";
    }

    @Override
    public boolean isConfigured() {
        return false;
    }

    @Override
    public boolean supportsTools() {
        return false;
    }

    @Override
    public List<ModelOption> models() {
        return List.of();
    }

    @Override
    public LlmResponse stream(LlmRequest request, LlmListener listener) {
        long inputTokens = estimateTokens(request);
        List<String> skills = request.skillNames();
        String text = "No model is configured, so no model answered this message.\n\n"
                + "What LLMos would have sent: "
                + (skills.isEmpty() ? "no skills" : skills.size() + (skills.size() == 1 ? " skill (" : " skills (")
                        + String.join(", ", skills) + ")")
                + " and your message, about " + inputTokens + " input tokens in all.\n\n"
                + "To get answers, set ANTHROPIC_API_KEY (Anthropic Claude) or LLMOS_OPENAI_BASE_URL "
                + "(any OpenAI-compatible server such as Ollama, vLLM or llama.cpp) and restart LLMos.";
        listener.onText(text);
        return new LlmResponse(name(), defaultModel(), text, List.of(), "end_turn", new Usage(inputTokens, 0, 0, 0));
    }

    /** About four characters a token: good enough to show the size of a prompt. */
    static long estimateTokens(LlmRequest request) {
        long chars = 0;
        for (LlmRequest.SystemBlock block : request.system()) {
            chars += block.text().length();
        }
        for (LlmMessage m : request.messages()) {
            for (LlmMessage.Content c : m.content()) {
                if (c instanceof LlmMessage.Text t) {
                    chars += t.text().length();
                } else if (c instanceof LlmMessage.ToolResult r) {
                    chars += r.content().length();
                }
            }
        }
        return (chars + 3) / 4;
    }
}
