package dev.llmos.llm;

/**
 * A model that answers a request, streaming text as it comes.
 *
 * <p>{@link #stream} blocks until the answer is complete, calling the listener on the calling
 * thread for each text delta. It throws {@link LlmException} when the upstream fails (after the
 * provider's own retries) or the request is cancelled through {@link LlmRequest#cancellation()}.
 */
public sealed interface LlmProvider permits AnthropicProvider, OpenAiCompatibleProvider, OfflineProvider {

    /** {@code anthropic}, {@code openai} or {@code offline}. */
    String name();

    /** The model used when a request names none. */
    String defaultModel();

    /** False only for the offline provider: no model will answer. */
    boolean isConfigured();

    /** Whether the provider passes tools (e.g. {@code load_skill}) to the model. */
    boolean supportsTools();

    LlmResponse stream(LlmRequest request, LlmListener listener);

    /**
     * The models the upstream offers, asked of it now ({@code GET /v1/models}); empty offline.
     *
     * @throws LlmException when the upstream cannot be asked (see {@link ModelChoices}, which caches and falls back)
     */
    java.util.List<ModelOption> models();
}
