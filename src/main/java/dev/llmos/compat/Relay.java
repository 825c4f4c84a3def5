package dev.llmos.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.llmos.trace.SecretRedactor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a request upstream and relays the answer byte for byte: JSON as one body, SSE event by event,
 * flushed as each read arrives, while the {@link Meter} reads along for the trace.
 */
final class Relay {

    /** What happened: the upstream's status, an error worth tracing (null if none), and whether the client left. */
    record Outcome(int status, String error, boolean clientGone) {
    }

    private static final JsonMapper JSON = JsonMapper.shared();
    private final HttpClient client;
    private final Duration timeout;

    Relay(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    Outcome send(Upstream up, String path, byte[] body, Map<String, String> clientHeaders, Meter meter, ResponseSink sink)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(up.uri(path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (up.protocol() == Protocol.ANTHROPIC) {
            request.header("x-api-key", up.apiKey());
            request.header("anthropic-version", clientHeaders.getOrDefault("anthropic-version", "2023-06-01"));
            String beta = clientHeaders.get("anthropic-beta");
            if (beta != null) {
                request.header("anthropic-beta", beta);
            }
        } else if (up.apiKey() != null) {
            request.header("Authorization", "Bearer " + up.apiKey());
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new CompatException(504, "the upstream model server at " + up.base() + " did not answer in time");
        } catch (IOException e) {
            throw new CompatException(502, "cannot reach the upstream model server at " + up.base() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompatException(503, "interrupted");
        }
        Map<String, String> headers = passedBack(response);
        String contentType = response.headers().firstValue("content-type").orElse("application/json");
        try (InputStream in = response.body()) {
            boolean translated = meter instanceof Meter.Translating;
            if (response.statusCode() / 100 != 2) {
                // An upstream may echo the key it was sent (or another secret) in its error: scrubbed, as /chat does.
                byte[] bytes = new SecretRedactor(java.util.Collections.singletonList(up.apiKey()))
                        .redact(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                String message = errorMessage(bytes);
                byte[] out = meter.rewriteError(response.statusCode(), bytes, message);
                sink.start(response.statusCode(), translated ? "application/json" : contentType, headers);
                sink.write(out, 0, out.length);
                sink.flush();
                return new Outcome(response.statusCode(), "upstream " + response.statusCode() + ": " + message, false);
            }
            if (!contentType.toLowerCase(Locale.ROOT).contains("event-stream")) {
                byte[] bytes = in.readAllBytes();
                JsonNode json = parse(bytes, 0, bytes.length);
                if (json != null) {
                    meter.complete(json);
                }
                byte[] out = json == null ? bytes : meter.rewrite(bytes);
                sink.start(response.statusCode(), translated ? "application/json" : contentType, headers);
                sink.write(out, 0, out.length);
                sink.flush();
                return new Outcome(response.statusCode(), null, false);
            }
            sink.start(response.statusCode(), translated ? "text/event-stream; charset=utf-8" : contentType, headers);
            return stream(in, meter, sink);
        }
    }

    private Outcome stream(InputStream in, Meter meter, ResponseSink sink) {
        byte[] buf = new byte[16 * 1024];
        int filled = 0;
        while (true) {
            int n;
            try {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                n = in.read(buf, filled, buf.length - filled);
            } catch (IOException e) {
                return cut(meter, sink, "the upstream stream was cut: " + e.getMessage());
            }
            try {
                if (n < 0) {
                    if (filled > 0 && !(meter instanceof Meter.Translating)) {
                        sink.write(buf, 0, filled);
                    }
                    meter.end();
                    write(sink, meter.drain());
                    sink.flush();
                    return new Outcome(200, meter.tally().error, false);
                }
                int from = filled;
                filled += n;
                int consumed = events(buf, from, filled, meter, sink);
                sink.flush();
                System.arraycopy(buf, consumed, buf, 0, filled - consumed);
                filled -= consumed;
            } catch (IOException e) {
                return new Outcome(200, "the client closed the connection", true);
            }
        }
    }

    /** Writes every complete event in buf[0, end) the meter lets through; returns where the incomplete rest begins. */
    private static int events(byte[] buf, int from, int end, Meter meter, ResponseSink sink) throws IOException {
        int eventStart = 0;
        int lineStart = lineStartBefore(buf, from);
        for (int i = from; i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
            if (lineEnd == lineStart && i > eventStart) {
                if (admit(buf, eventStart, i, meter)) {
                    sink.write(buf, eventStart, i + 1 - eventStart);
                }
                write(sink, meter.drain());
                eventStart = i + 1;
            }
            lineStart = i + 1;
        }
        return eventStart;
    }

    /** Where the line containing position {@code from} starts (the buffer always begins at an event). */
    private static int lineStartBefore(byte[] buf, int from) {
        for (int i = from - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** Reads an event's data lines and lets the meter decide. */
    private static boolean admit(byte[] buf, int start, int end, Meter meter) {
        String event = new String(buf, start, end - start, StandardCharsets.UTF_8);
        StringBuilder data = new StringBuilder();
        for (String line : event.split("\r?\n")) {
            if (line.startsWith("data:")) {
                String value = line.substring(5);
                data.append(data.isEmpty() ? "" : "\n").append(value.startsWith(" ") ? value.substring(1) : value);
            }
        }
        boolean relayed = !(meter instanceof Meter.Translating); // a translation writes its own events, never the upstream's
        if (data.isEmpty() || data.toString().equals("[DONE]")) {
            return relayed;
        }
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        JsonNode json = parse(bytes, 0, bytes.length);
        return json == null ? relayed : meter.event(json);
    }

    /** The upstream stream broke: tell the client in its protocol's in-stream error form. */
    private static Outcome cut(Meter meter, ResponseSink sink, String error) {
        try {
            write(sink, meter.cut("the upstream stream was cut"));
            sink.flush();
        } catch (IOException e) {
            return new Outcome(200, error, true);
        }
        return new Outcome(200, error, false);
    }

    private static void write(ResponseSink sink, byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            sink.write(bytes, 0, bytes.length);
        }
    }

    /** Headers a client may act on: request ids, retry advice, rate limits. */
    private static Map<String, String> passedBack(HttpResponse<?> response) {
        Map<String, String> out = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!values.isEmpty() && (n.equals("request-id") || n.equals("x-request-id") || n.equals("retry-after")
                    || n.equals("retry-after-ms") || n.equals("x-should-retry")
                    || n.startsWith("anthropic-ratelimit-") || n.startsWith("x-ratelimit-"))) {
                out.put(n, values.get(0));
            }
        });
        return out;
    }

    private static String errorMessage(byte[] body) {
        JsonNode json = parse(body, 0, body.length);
        if (json != null && json.path("error").path("message").isString()) {
            return json.path("error").path("message").asString();
        }
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return text.isBlank() ? "(no body)" : text;
    }

    private static JsonNode parse(byte[] bytes, int offset, int length) {
        try {
            return JSON.readTree(bytes, offset, length);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
