package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/** Reads traces back over HTTP for tests: compatibility calls are traced just after their answer, so it waits. */
final class TraceListing {

    private TraceListing() {
    }

    /**
     * Every model call's trace (a turn's later calls included, from its {@code steps}) once at least {@code n}
     * are there, within five seconds.
     *
     * @param query e.g. {@code user_id=alice}, or empty for the caller's own
     */
    static List<JsonNode> everyCall(Http http, String query, int n) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            out.clear();
            http.get("/traces?limit=200" + (query.isEmpty() ? "" : "&" + query)).json().path("traces").forEach(v -> {
                out.add(v.path("trace"));
                v.path("steps").forEach(out::add);
            });
            if (out.size() >= n) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(n);
        return out;
    }
}
