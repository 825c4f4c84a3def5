package dev.llmos.llm;

import java.time.Duration;
import java.util.function.Function;

/**
 * How to reach a model, usually read from the environment with {@link #from(Function)}.
 * Blank values count as unset (null). {@link #toString()} never shows the API keys.
 *
 * @param anthropicApiKey  {@code ANTHROPIC_API_KEY}; when set, Anthropic is used
 * @param anthropicBaseUrl {@code ANTHROPIC_BASE_URL}, without {@code /v1}; null for the SDK default
 * @param anthropicModel   {@code LLMOS_ANTHROPIC_MODEL}; null for {@link AnthropicProvider#DEFAULT_MODEL}
 * @param openAiBaseUrl    {@code LLMOS_OPENAI_BASE_URL}, e.g. {@code http://localhost:11434/v1}; when set
 *                         (and no Anthropic key), an OpenAI-compatible server is used
 * @param openAiApiKey     {@code LLMOS_OPENAI_API_KEY}, sent as a bearer token; optional
 * @param openAiModel      {@code LLMOS_OPENAI_MODEL}; null for {@link OpenAiCompatibleProvider#DEFAULT_MODEL}
 * @param maxRetries       {@code LLMOS_LLM_MAX_RETRIES}, default 2: retries on 429/5xx before streaming starts
 * @param timeout          {@code LLMOS_LLM_TIMEOUT_SECONDS}, default 120 s: connect and idle-read limit
 */
public record LlmSettings(String anthropicApiKey, String anthropicBaseUrl, String anthropicModel,
                          String openAiBaseUrl, String openAiApiKey, String openAiModel,
                          int maxRetries, Duration timeout) {

    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public LlmSettings {
        anthropicApiKey = clean(anthropicApiKey);
        anthropicBaseUrl = clean(anthropicBaseUrl);
        anthropicModel = clean(anthropicModel);
        openAiBaseUrl = clean(openAiBaseUrl);
        openAiApiKey = clean(openAiApiKey);
        openAiModel = clean(openAiModel);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** The providers' shared argument rule: retries are counted, never negative. */
    static void requireValidRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
    }

    /** The given timeout, or the default for null; never zero or negative. */
    static Duration timeoutOrDefault(Duration timeout) {
        Duration t = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (t.isZero() || t.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + t);
        }
        return t;
    }

    /** No model configured: {@link #provider()} gives the offline provider. */
    public static LlmSettings none() {
        return new LlmSettings(null, null, null, null, null, null, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT);
    }

    /** Reads the settings from the process environment. */
    public static LlmSettings fromEnvironment() {
        return from(System::getenv);
    }

    /**
     * Reads the settings from environment-style variables ({@code env} returns null when unset).
     *
     * @throws IllegalArgumentException if {@code LLMOS_LLM_MAX_RETRIES} or
     *                                  {@code LLMOS_LLM_TIMEOUT_SECONDS} is not a valid number
     */
    public static LlmSettings from(Function<String, String> env) {
        int retries = DEFAULT_MAX_RETRIES;
        String r = clean(env.apply("LLMOS_LLM_MAX_RETRIES"));
        if (r != null) {
            try {
                retries = Integer.parseInt(r);
            } catch (NumberFormatException e) {
                retries = -1;
            }
            if (retries < 0 || retries > 100) {
                throw new IllegalArgumentException("LLMOS_LLM_MAX_RETRIES must be a whole number from 0 to 100, was '"
                        + r + "'");
            }
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String t = clean(env.apply("LLMOS_LLM_TIMEOUT_SECONDS"));
        if (t != null) {
            double seconds;
            try {
                seconds = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("LLMOS_LLM_TIMEOUT_SECONDS must be a positive number of seconds, was '"
                        + t + "'");
            }
            timeout = Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
        }
        return new LlmSettings(env.apply("ANTHROPIC_API_KEY"), env.apply("ANTHROPIC_BASE_URL"),
                env.apply("LLMOS_ANTHROPIC_MODEL"), env.apply("LLMOS_OPENAI_BASE_URL"), env.apply("LLMOS_OPENAI_API_KEY"),
                env.apply("LLMOS_OPENAI_MODEL"), retries, timeout);
    }

    /** Which provider {@link #provider()} makes: {@code anthropic}, {@code openai} or {@code offline}. */
    public String providerName() {
        if (anthropicApiKey != null) {
            return "anthropic";
        }
        return openAiBaseUrl != null ? "openai" : "offline";
    }

    /**
     * A new provider: Anthropic if an Anthropic key is set, else the OpenAI-compatible server if
     * its base URL is set, else {@link OfflineProvider}. Each call builds a new HTTP client, so call
     * it once and keep the result.
     */
    public LlmProvider provider() {
        return switch (providerName()) {
            case "anthropic" -> new AnthropicProvider(anthropicApiKey, anthropicBaseUrl, anthropicModel, maxRetries, timeout);
            case "openai" -> new OpenAiCompatibleProvider(openAiApiKey, openAiBaseUrl, openAiModel, maxRetries, timeout);
            default -> new OfflineProvider();
        };
    }

    @Override
    public String toString() {
        return "LlmSettings[provider=" + providerName()
                + ", anthropicApiKey=" + mask(anthropicApiKey)
                + ", anthropicBaseUrl=" + anthropicBaseUrl
                + ", anthropicModel=" + anthropicModel
                + ", openAiBaseUrl=" + openAiBaseUrl
                + ", openAiApiKey=" + mask(openAiApiKey)
                + ", openAiModel=" + openAiModel
                + ", maxRetries=" + maxRetries
                + ", timeout=" + timeout + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "unset" : "***";
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
