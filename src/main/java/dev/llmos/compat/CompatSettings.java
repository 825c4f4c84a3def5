package dev.llmos.compat;

import java.time.Duration;

import dev.llmos.llm.LlmSettings;

/**
 * How the compatibility endpoints behave.
 *
 * @param localUser   who a call without a token is, in local mode ({@code LLMOS_LOCAL_USER}, default {@code local})
 * @param maxSkills   most skills injected into one request
 * @param tokenBudget most estimated tokens of injected skill bodies ({@code LLMOS_SKILL_TOKEN_BUDGET})
 * @param routes      model routes before the defaults ({@code LLMOS_MODEL_ROUTES}, see {@link ModelRoutes})
 * @param openAiResponses the OpenAI-compatible upstream serves {@code /responses} itself ({@code LLMOS_OPENAI_RESPONSES});
 *                    otherwise Responses requests are translated to Chat Completions, which every such server has
 * @param dropUnsupported leave out what cannot be translated instead of refusing it ({@code LLMOS_COMPAT_DROP_UNSUPPORTED})
 * @param maxOutputTokens {@code max_tokens} for a request translated to Anthropic that set none ({@code LLMOS_MAX_OUTPUT_TOKENS})
 */
public record CompatSettings(String localUser, int maxSkills, int tokenBudget, Duration timeout, String routes,
                             boolean openAiResponses, boolean dropUnsupported, int maxOutputTokens) {

    /** Defaults for what is not given (tests and the CLI). */
    public CompatSettings(String localUser, int maxSkills, int tokenBudget, Duration timeout) {
        this(localUser, maxSkills, tokenBudget, timeout, null, false, false, 4096);
    }

    public static final String OPT_OUT_SUFFIX = "+noskills";

    public CompatSettings {
        localUser = localUser == null || localUser.isBlank() ? "local" : localUser.strip();
        timeout = timeout == null ? LlmSettings.DEFAULT_TIMEOUT : timeout;
        maxOutputTokens = maxOutputTokens > 0 ? maxOutputTokens : 4096;
    }
}
