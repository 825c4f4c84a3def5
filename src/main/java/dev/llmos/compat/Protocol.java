package dev.llmos.compat;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire protocols LLMos speaks to existing clients, each with its own error shape: Anthropic Messages,
 * OpenAI Chat Completions ({@code OPENAI}) and the OpenAI Responses API ({@code RESPONSES}, OpenAI's error shape).
 */
public enum Protocol {
    ANTHROPIC, OPENAI, RESPONSES;

    /** For messages to people. */
    String title() {
        return switch (this) {
            case ANTHROPIC -> "Anthropic Messages";
            case OPENAI -> "OpenAI Chat Completions";
            case RESPONSES -> "the OpenAI Responses API";
        };
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    /**
     * The protocol's own error object, with RFC 9457 members ({@code title}, {@code status},
     * {@code detail}) beside it, so the official SDKs read their error and LLMos's generic clients
     * read a problem. Anthropic's top-level {@code type} is {@code "error"}, a valid relative URI.
     */
    public byte[] errorBody(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        String type = errorType(status);
        if (this == ANTHROPIC) {
            body.put("type", "error");
            ObjectNode error = body.putObject("error");
            error.put("type", type);
            error.put("message", message);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", type);
            error.putNull("param");
            error.putNull("code");
            body.put("type", "https://llmos.dev/problems/" + type.replace('_', '-'));
        }
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", message);
        return JSON.writeValueAsBytes(body);
    }

    /** The protocol's error type for an HTTP status. */
    public String errorType(int status) {
        return switch (status) {
            case 400, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> this == ANTHROPIC ? "request_too_large" : "invalid_request_error";
            case 429 -> "rate_limit_error";
            case 529 -> this == ANTHROPIC ? "overloaded_error" : "server_error";
            default -> this == ANTHROPIC ? "api_error" : "server_error";
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "Unauthenticated";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 413 -> "Content too large";
            case 429 -> "Rate limited";
            case 502 -> "Bad gateway";
            case 504 -> "Gateway timeout";
            default -> status >= 500 ? "Upstream error" : "Request refused";
        };
    }
}
