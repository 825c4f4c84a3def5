package dev.llmos.turn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests captured from the real clients (src/test/resources/captured/: what the CLI sent to a
 * recording server, with tool definitions and long system texts trimmed and credentials removed).
 */
public record CapturedRequests(String name, JsonNode body, Map<String, String> headers) {

    public static CapturedRequests load(String name) {
        try (InputStream in = CapturedRequests.class.getResourceAsStream("/captured/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured request " + name);
            }
            JsonNode root = JsonMapper.shared().readTree(in);
            Map<String, String> headers = new HashMap<>();
            root.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asString()));
            return new CapturedRequests(name, root.path("body"), Map.copyOf(headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TurnReader.Headers headerLookup() {
        return headers::get;
    }

    public String url() {
        return null;
    }
}
