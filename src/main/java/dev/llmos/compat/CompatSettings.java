package dev.llmos.compat;

import java.time.Duration;

import dev.llmos.llm.LlmSettings;

/**
 * How the compatibility endpoints behave.
 *
 * @param localUser   who a call without a token is, in local mode ({@code LLMOS_LOCAL_USER}, default {@code local})
 * @param maxSkills   most skills injected into one request
 * @param tokenBudget most estimated tokens of injected skill bodies ({@code LLMOS_SKILL_TOKEN_BUDGET})
 */
public record CompatSettings(String localUser, int maxSkills, int tokenBudget, Duration timeout) {

    public static final String OPT_OUT_SUFFIX = "+noskills";

    public CompatSettings {
        localUser = localUser == null || localUser.isBlank() ? "local" : localUser.strip();
        timeout = timeout == null ? LlmSettings.DEFAULT_TIMEOUT : timeout;
    }
}
