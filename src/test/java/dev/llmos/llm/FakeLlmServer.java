package dev.llmos.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Common part of the fake model servers: a JDK {@link HttpServer} on 127.0.0.1 (random port) that
 * records every request and answers from a queue of {@link FakeReply}s (then from a default reply).
 * Subclasses render replies in their provider's wire format.
 */
public abstract class FakeLlmServer implements AutoCloseable {

    static {
        // Without it every streamed call pays ~40 ms of Nagle + delayed ACK (see the notes).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    protected static final JsonMapper JSON = JsonMapper.shared();

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<FakeReply> replies = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final Semaphore disconnectSignal = new Semaphore(0);
    private volatile FakeReply defaultReply;
    private volatile String requiredKey;
    private volatile java.util.function.Function<RecordedRequest, FakeReply> responder;
    private volatile List<String> models = List.of();
    private volatile int modelsStatus = 200;

    protected FakeLlmServer(FakeReply defaultReply) {
        this.defaultReply = defaultReply;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake server", e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} */
    protected String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The base URL to give a client. */
    public abstract String baseUrl();

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- scripting

    /** Queues replies, answered in order, one per request. */
    public FakeLlmServer enqueue(FakeReply... toAdd) {
        replies.addAll(List.of(toAdd));
        return this;
    }

    /** Queues a text answer split into {@code deltas} deltas. */
    public FakeLlmServer enqueueText(String text, int deltas) {
        return enqueue(FakeReply.text(text).deltas(deltas));
    }

    /** Queues an answer that calls one tool. */
    public FakeLlmServer enqueueToolUse(String id, String name, String inputJson) {
        return enqueue(FakeReply.toolUse(id, name, inputJson));
    }

    /** Queues an HTTP error; {@code retryAfter} may be null. */
    public FakeLlmServer enqueueError(int status, String type, String message, String retryAfter) {
        FakeReply reply = FakeReply.error(status, type, message);
        return enqueue(retryAfter == null ? reply : reply.retryAfter(retryAfter));
    }

    /**
     * Chooses the reply from the request itself (e.g. by its system prompt), before the queue; a null
     * answer falls back to the queue. It runs on the fake's request thread and may block, which holds
     * that request open (requests are served concurrently).
     */
    public FakeLlmServer respondWith(java.util.function.Function<RecordedRequest, FakeReply> chooser) {
        this.responder = chooser;
        return this;
    }

    /** What to answer when the queue is empty. */
    public FakeLlmServer setDefaultReply(FakeReply reply) {
        this.defaultReply = reply;
        return this;
    }

    /** Answer 401 unless the request carries this key ({@code Authorization: Bearer} or {@code x-api-key}). */
    public FakeLlmServer requireApiKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** The models {@code GET /v1/models} lists (none until set); {@code status} other than 200 makes it fail so. */
    public FakeLlmServer listModels(int status, String... ids) {
        this.models = List.of(ids);
        this.modelsStatus = status;
        return this;
    }

    /** Forgets queued replies and recorded requests. */
    public void reset() {
        replies.clear();
        requests.clear();
        responder = null;
        disconnects.set(0);
        disconnectSignal.drainPermits();
    }

    // ---- inspection

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("no request received");
        }
        return all.get(all.size() - 1);
    }

    /** How many times a client went away while the fake was still writing a stream. */
    public int disconnects() {
        return disconnects.get();
    }

    /** Waits until a client is seen to go away mid-stream. */
    public boolean awaitClientDisconnect(Duration timeout) throws InterruptedException {
        if (disconnectSignal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            disconnectSignal.release();
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- wire format, per provider

    protected abstract boolean handles(String method, String path);

    /** {@code GET /v1/models} in the provider's shape. */
    protected abstract ObjectNode modelList(List<String> ids);

    protected abstract ObjectNode errorBody(int status, String type, String message);

    /** A last change to the reply from the request (the Anthropic fake's prompt cache); unchanged by default. */
    protected FakeReply adjust(FakeReply reply, JsonNode request) {
        return reply;
    }

    /** Writes a streamed answer. */
    protected abstract void stream(SseWriter out, FakeReply reply, JsonNode request) throws IOException;

    /** The whole answer as one JSON object (requests without {@code "stream": true}). */
    protected abstract ObjectNode complete(FakeReply reply, JsonNode request);

    // ---- request handling

    private void handle(HttpExchange exchange) throws IOException {
        try {
            respond(exchange);
        } catch (CutConnection e) {
            // Not closing the exchange: the server drops the connection without the last chunk.
            throw e;
        } catch (ClientGone e) {
            disconnects.incrementAndGet();
            disconnectSignal.release();
        }
        try {
            exchange.close();
        } catch (RuntimeException e) {
            // the client is gone already
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            RecordedRequest recorded = new RecordedRequest(method, path, exchange.getRequestURI().getRawQuery(), headers, body,
                    System.nanoTime());
            if ("GET".equals(method) && "/v1/models".equals(path)) { // not a model call: not recorded
                String key = requiredKey;
                if (key != null && !authorized(recorded, key)) {
                    sendJson(exchange, 401, errorBody(401, "authentication_error", "invalid x-api-key"), null);
                } else if (modelsStatus != 200) {
                    sendJson(exchange, modelsStatus, errorBody(modelsStatus, "api_error", "models unavailable"), null);
                } else {
                    sendJson(exchange, 200, modelList(models), null);
                }
                return;
            }
            requests.add(recorded);

            if (!handles(method, path)) {
                sendJson(exchange, 404, errorBody(404, "not_found_error", "No route for " + method + " " + path), null);
                return;
            }
            String key = requiredKey;
            if (key != null && !authorized(recorded, key)) {
                sendJson(exchange, 401, errorBody(401, "authentication_error", "invalid x-api-key"), null);
                return;
            }
            var chooser = responder;
            FakeReply reply = chooser == null ? null : chooser.apply(recorded);
            if (reply == null) {
                reply = replies.poll();
            }
            if (reply == null) {
                reply = defaultReply;
            }
            if (reply.kind == FakeReply.Kind.HTTP_ERROR) {
                sendJson(exchange, reply.status, errorBody(reply.status, reply.errorType, reply.errorMessage),
                        reply.retryAfter);
                return;
            }
            JsonNode request = recorded.json();
            reply = adjust(reply, request);
            if (!request.path("stream").asBoolean(false)) {
                sendJson(exchange, 200, complete(reply, request), null);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            stream(new SseWriter(exchange.getResponseBody(), reply), reply, request);
        }
    }

    private static boolean authorized(RecordedRequest request, String key) {
        return key.equals(request.header("x-api-key")) || ("Bearer " + key).equals(request.header("authorization"));
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode json, String retryAfter)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("request-id", "req_fake_" + System.nanoTime());
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("retry-after", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    /** Thrown when the client is gone (a write failed). */
    protected static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }

    /**
     * Thrown to make the JDK server drop the connection without ending the chunked body,
     * like a network failure mid-stream.
     */
    protected static final class CutConnection extends RuntimeException {
        CutConnection() {
            super("fake server cut the connection on purpose", null, false, false);
        }
    }

    /** Writes SSE events, applying the reply's quirks, flushing after each one. */
    protected static final class SseWriter {

        private final OutputStream out;
        private final FakeReply reply;
        private int deltasSent;

        SseWriter(OutputStream out, FakeReply reply) {
            this.out = out;
            this.reply = reply;
        }

        /** Writes {@code event: name} (unless name is null) and {@code data: data}. */
        public void event(String name, String data) {
            String nl = reply.quirks.contains(FakeReply.Quirk.CRLF) ? "\r\n" : "\n";
            String sep = reply.quirks.contains(FakeReply.Quirk.NO_SPACE_AFTER_COLON) ? ":" : ": ";
            StringBuilder sb = new StringBuilder();
            if (reply.quirks.contains(FakeReply.Quirk.COMMENTS)) {
                sb.append(": keep-alive").append(nl);
            }
            if (name != null) {
                sb.append("event").append(sep).append(name).append(nl);
            }
            sb.append("data").append(sep).append(data).append(nl).append(nl);
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            try {
                if (reply.quirks.contains(FakeReply.Quirk.SPLIT_WRITES) && bytes.length > 1) {
                    int half = bytes.length / 2;
                    out.write(bytes, 0, half);
                    out.flush();
                    pause(Duration.ofMillis(2));
                    out.write(bytes, half, bytes.length - half);
                } else {
                    out.write(bytes);
                }
                out.flush();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        public void event(String name, JsonNode data) {
            event(name, JSON.writeValueAsString(data));
        }

        /**
         * Call before each delta: applies the delay, and returns false if the stream must stop here
         * (after sending the in-stream error or cutting the connection as scripted).
         */
        public boolean beforeDelta(Runnable sendError) {
            if (!reply.delayPerDelta.isZero()) {
                pause(reply.delayPerDelta);
            }
            if (deltasSent == reply.cutAfterDeltas) {
                throw new CutConnection();
            }
            if (deltasSent == reply.errorAfterDeltas) {
                sendError.run();
                return false;
            }
            if (deltasSent == reply.truncateAfterDeltas) {
                return false;
            }
            deltasSent++;
            return true;
        }

        /** Call after the last delta: handles cut/error/truncate scripted at exactly the end. */
        public boolean atEnd(Runnable sendError) {
            if (deltasSent == reply.cutAfterDeltas) {
                throw new CutConnection();
            }
            if (deltasSent == reply.errorAfterDeltas) {
                sendError.run();
                return false;
            }
            return deltasSent != reply.truncateAfterDeltas;
        }

        private static void pause(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientGone(new IOException("interrupted"));
            }
        }
    }
}
