package dev.llmos.llm;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request a fake model server received.
 *
 * @param query           the raw query string, or null
 * @param headers         header names in lower case
 * @param body            the raw body (UTF-8)
 * @param receivedAtNanos {@link System#nanoTime()} when the fake had read the request
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, String body,
                              long receivedAtNanos) {

    private static final JsonMapper JSON = JsonMapper.shared();

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** First value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Milliseconds from this request to a later one (e.g. a retry's backoff). */
    public long millisUntil(RecordedRequest later) {
        return (later.receivedAtNanos - receivedAtNanos) / 1_000_000;
    }

    /** The body parsed as JSON (a missing node if the body is empty or not JSON). */
    public JsonNode json() {
        try {
            return body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }
}
