package dev.llmos.compat;

import java.net.URI;

/**
 * A configured model server that speaks one protocol, reached with LLMos's own key (never the caller's token).
 *
 * @param base for Anthropic the origin without {@code /v1}; for OpenAI-compatible servers the base with {@code /v1}
 */
record Upstream(Protocol protocol, String base, String apiKey, String defaultModel) {

    URI uri(String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(b + path);
    }

    /** The provider name recorded in traces. */
    String provider() {
        return protocol == Protocol.ANTHROPIC ? "anthropic" : "openai";
    }
}
