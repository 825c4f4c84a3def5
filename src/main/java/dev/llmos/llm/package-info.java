/**
 * Model providers behind one sealed interface, {@link dev.llmos.llm.LlmProvider}: Anthropic
 * (official SDK, streaming, prompt caching), any OpenAI-compatible server, and the honest
 * Offline provider used when no model is configured. Also the price table. Knows nothing of
 * skills, volumes or traces.
 */
package dev.llmos.llm;
