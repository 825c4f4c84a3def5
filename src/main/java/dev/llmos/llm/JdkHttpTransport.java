package dev.llmos.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient.Version;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpRequestBody;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.errors.AnthropicIoException;

/**
 * The Anthropic SDK's HTTP transport on the JDK's {@link java.net.http.HttpClient} instead of the
 * SDK's default OkHttp. Why: OkHttp leaves Nagle's algorithm on, and a request body over about
 * 8 KB (a system prompt with a few skills) goes out in two writes, the second held back until the
 * server's delayed acknowledgement: 40 ms on every such call (measured on loopback; see
 * docs/benchmarks.md). The JDK client sets TCP_NODELAY. The SDK still does everything else:
 * request building, retries with backoff, SSE parsing, errors.
 *
 * <p>Timeouts keep OkHttp's meaning: {@code connect} for the connection, {@code read} for the
 * longest silence, while waiting for the response headers and between any two reads of the body.
 */
final class JdkHttpTransport implements HttpClient {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final java.net.http.HttpClient http;
    private final ExecutorService executor;
    private final Duration defaultRead;

    JdkHttpTransport(String baseUrl, Duration connect, Duration read) {
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "anthropic-http");
            t.setDaemon(true);
            return t;
        });
        // Plain http stays on HTTP/1.1 (no h2c upgrade attempt); https negotiates HTTP/2 by ALPN.
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
        if (java.net.ProxySelector.getDefault() != null) {
            builder.proxy(java.net.ProxySelector.getDefault()); // the JVM's proxy settings, as OkHttp honoured them
        }
        this.http = builder
                .connectTimeout(connect)
                .version(baseUrl.toLowerCase(Locale.ROOT).startsWith("https:") ? Version.HTTP_2 : Version.HTTP_1_1)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.defaultRead = read;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        Duration read = options.timeout().map(Timeout::read).orElse(defaultRead);
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        if (read.compareTo(Duration.ZERO) > 0) {
            b.timeout(read); // until the response headers; Body bounds each wait after that
        }
        HttpRequestBody content = request.body().orElse(null);
        String contentType = content == null ? null : content.contentType();
        for (String name : request.headers().names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!RESTRICTED.contains(lower) && !(contentType != null && lower.equals("content-type"))) {
                for (String value : request.headers().values(name)) {
                    b.header(name, value);
                }
            }
        }
        java.net.http.HttpRequest.BodyPublisher body = java.net.http.HttpRequest.BodyPublishers.noBody();
        if (content != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            content.writeTo(bytes);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            body = java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray());
        }
        b.method(request.method().name(), body);
        try {
            java.net.http.HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = http.send(b.build(), BodyHandlers.ofPublisher());
            return new Response(response, read);
        } catch (HttpTimeoutException e) {
            // an InterruptedIOException is how the SDK's callers (and OkHttp) say "timed out"
            SocketTimeoutException timeout = new SocketTimeoutException(e.getMessage());
            timeout.initCause(e);
            throw new AnthropicIoException("Request failed", timeout);
        } catch (IOException e) {
            throw new AnthropicIoException("Request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnthropicIoException("Request failed", new InterruptedIOException("interrupted"));
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
        return CompletableFuture.supplyAsync(() -> execute(request, options), executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A response whose body is read through a bounded wait for each next chunk. */
    private static final class Response implements HttpResponse {
        private final java.net.http.HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        private final Headers headers;
        private final Body body;

        Response(java.net.http.HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, Duration read) {
            this.response = response;
            Headers.Builder h = Headers.builder();
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) { // HTTP/2 pseudo-headers
                    h.put(name, values);
                }
            });
            this.headers = h.build();
            this.body = new Body(read);
            response.body().subscribe(body);
        }

        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /**
     * The body as a stream fed by the JDK client's publisher, one chunk requested at a time. A read
     * that waits longer than the read timeout for the next chunk fails with a
     * {@link SocketTimeoutException} and cancels the exchange; closing cancels it too, from any thread.
     */
    static final class Body extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
        private static final List<ByteBuffer> END = List.of();

        private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
        private final long readNanos;
        private volatile Flow.Subscription subscription;
        private volatile boolean closed;
        private Iterator<ByteBuffer> current = List.<ByteBuffer>of().iterator();
        private ByteBuffer buffer;
        private boolean ended;

        Body(Duration read) {
            this.readNanos = read.isZero() || read.isNegative() ? Long.MAX_VALUE : read.toNanos();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            chunks.add(item);
        }

        @Override
        public void onError(Throwable error) {
            chunks.add(error);
        }

        @Override
        public void onComplete() {
            chunks.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (buffer == null || !buffer.hasRemaining()) {
                if (current.hasNext()) {
                    buffer = current.next();
                    continue;
                }
                if (ended) {
                    return -1;
                }
                if (!next()) {
                    return -1;
                }
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        /** Takes the next chunk; false at the end of the body. */
        @SuppressWarnings("unchecked")
        private boolean next() throws IOException {
            if (closed) {
                throw new IOException("the response was closed");
            }
            Object item;
            try {
                item = chunks.poll(readNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("interrupted");
            }
            if (closed) {
                throw new IOException("the response was closed");
            }
            if (item == null) {
                cancel();
                throw new SocketTimeoutException("no data within the read timeout");
            }
            if (item instanceof Throwable error) {
                ended = true;
                throw error instanceof IOException io ? io : new IOException(unwrap(error));
            }
            if (item == END) {
                ended = true;
                return false;
            }
            current = ((List<ByteBuffer>) item).iterator();
            subscription.request(1);
            return true;
        }

        @Override
        public void close() {
            closed = true;
            chunks.add(END); // wakes a read blocked in another thread, which then sees closed
            cancel();
        }

        private void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private static Throwable unwrap(Throwable t) {
            return (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null ? t.getCause() : t;
        }
    }
}
