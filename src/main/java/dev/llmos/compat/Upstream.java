package dev.llmos.compat;

import java.net.URI;

/**
 * A configured model server, reached with LLMos's own key (never the caller's token).
 *
 * @param protocol  {@code ANTHROPIC} or {@code OPENAI} (Chat Completions, which every OpenAI-compatible server has)
 * @param base      for Anthropic the origin without {@code /v1}; for OpenAI-compatible servers the base with {@code /v1}
 * @param responses an OpenAI-compatible server that serves the Responses API too (Responses requests are relayed)
 */
record Upstream(Protocol protocol, String base, String apiKey, String defaultModel, boolean responses) {

    /** The protocol a request of the client's protocol is sent in: its own where the server has it, else the server's. */
    Protocol speaks(Protocol client) {
        if (protocol == Protocol.ANTHROPIC) {
            return Protocol.ANTHROPIC;
        }
        return client == Protocol.RESPONSES && responses ? Protocol.RESPONSES : Protocol.OPENAI;
    }

    /** The path for a model call in {@code wire}. */
    String path(Protocol wire) {
        return switch (wire) {
            case ANTHROPIC -> "/v1/messages";
            case OPENAI -> "/chat/completions";
            case RESPONSES -> "/responses";
        };
    }

    URI uri(String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(b + path);
    }

    /** The provider name recorded in traces. */
    String provider() {
        return protocol == Protocol.ANTHROPIC ? "anthropic" : "openai";
    }
}
