package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.HttpMethod;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpRequestBody;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.errors.AnthropicIoException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The SDK transport against a real HTTP server on 127.0.0.1. */
class JdkHttpTransportTests {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> seenHeader = new AtomicReference<>();
    private final AtomicReference<String> seenContentType = new AtomicReference<>();
    private JdkHttpTransport transport;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/echo", this::echo);
        server.createContext("/silent", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("first".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            await(release);
            exchange.close();
        });
        server.start();
        transport = new JdkHttpTransport(baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        release.countDown();
        transport.close();
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void echo(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        seenHeader.set(exchange.getRequestHeaders().getFirst("X-Api-Key"));
        seenContentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
        byte[] answer = (body.length + " " + sha256(body)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Request-Id", "req_123");
        exchange.sendResponseHeaders(201, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpRequestBody json(byte[] content) {
        return new HttpRequestBody() {
            @Override
            public void writeTo(OutputStream out) {
                try {
                    out.write(content);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public String contentType() {
                return "application/json";
            }

            @Override
            public long contentLength() {
                return content.length;
            }

            @Override
            public boolean repeatable() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.builder().method(HttpMethod.POST).baseUrl(baseUrl()).addPathSegment(path);
    }

    @Test
    void sendsALargeBodyAndItsHeadersIntactAndReadsTheAnswer() throws IOException {
        byte[] big = new byte[200_000]; // many TCP segments: the case Nagle used to delay
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        HttpRequest request = request("echo").putHeader("X-Api-Key", "k-1").putHeader("Content-Length", "1")
                .body(json(big)).build();

        try (HttpResponse response = transport.execute(request, RequestOptions.none())) {
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().values("request-id")).containsExactly("req_123");
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(big.length + " " + sha256(big));
        }
        assertThat(seenHeader.get()).isEqualTo("k-1");
        assertThat(seenContentType.get()).isEqualTo("application/json");
    }

    @Test
    void aServerThatFallsSilentFailsTheReadWithATimeout() throws IOException {
        JdkHttpTransport quick = new JdkHttpTransport(baseUrl(), Duration.ofSeconds(5), Duration.ofMillis(300));
        try (HttpResponse response = quick.execute(request("silent").build(), RequestOptions.none())) {
            InputStream body = response.body();
            assertThat(new String(body.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");

            Throwable error = catchThrowable(body::read);

            assertThat(error).isInstanceOf(SocketTimeoutException.class);
        } finally {
            quick.close();
        }
    }

    @Test
    void closingTheResponseFromAnotherThreadEndsABlockedRead() throws Exception {
        HttpResponse response = transport.execute(request("silent").build(), RequestOptions.none());
        InputStream body = response.body();
        assertThat(body.readNBytes(5)).hasSize(5);
        AtomicReference<Throwable> readError = new AtomicReference<>();
        Thread reader = new Thread(() -> readError.set(catchThrowable(body::read)));
        reader.start();

        Thread.sleep(100); // let the reader block (the assertions hold whether or not it did)
        response.close();
        reader.join(10_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(readError.get()).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aZeroReadTimeoutMeansNoTimeout() throws IOException {
        JdkHttpTransport patient = new JdkHttpTransport(baseUrl(), Duration.ofSeconds(5), Duration.ZERO);
        try (HttpResponse response = patient.execute(request("echo").body(json(new byte[] {'{', '}'})).build(), RequestOptions.none())) {
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).startsWith("2 ");
        } finally {
            patient.close();
        }
    }

    @Test
    void aRefusedConnectionIsAnAnthropicIoExceptionWithTheCause() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HttpRequest request = HttpRequest.builder().method(HttpMethod.GET).baseUrl("http://127.0.0.1:" + port)
                .addPathSegment("x").build();

        Throwable error = catchThrowable(() -> transport.execute(request, RequestOptions.none()));

        assertThat(error).isInstanceOf(AnthropicIoException.class).hasCauseInstanceOf(ConnectException.class);
    }
}
