package dev.llmos.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.ObjectMapper;

/**
 * Writes server-sent events: {@code event: name} and one {@code data:} line of JSON, flushed at
 * once. A client that has gone away closes the writer instead of throwing, and runs the
 * on-close action (which cancels the upstream model call).
 */
final class SseWriter {

    private final HttpServletResponse response;
    private final ObjectMapper json;
    private final Runnable onClose;
    private OutputStream out;
    private boolean closed;

    SseWriter(HttpServletResponse response, ObjectMapper json, Runnable onClose) {
        this.response = response;
        this.json = json;
        this.onClose = onClose;
    }

    /** Whether anything was sent; until then the response can still become a plain error. */
    synchronized boolean started() {
        return out != null;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized void send(String event, Object data) {
        if (closed) {
            return;
        }
        try {
            if (out == null) {
                response.setStatus(200);
                response.setContentType("text/event-stream");
                response.setCharacterEncoding("UTF-8");
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no");
                out = response.getOutputStream();
            }
            byte[] frame = ("event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
            out.write(frame);
            out.flush();
        } catch (IOException | RuntimeException e) {
            closed = true;
            onClose.run();
        }
    }
}
