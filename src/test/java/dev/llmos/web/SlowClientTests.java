package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;

/**
 * A client that sends a byte every now and then (slowloris) holds a connection for as long as it likes
 * unless a request has a deadline: the headers, and then the body, must arrive within LLMOS_READ_TIMEOUT
 * (2 s here), and an idle connection closes after it. What takes longer on the server's side is not
 * the client's doing and must not be cut: a streamed answer with long pauses, a slow model call.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowClientTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-slow-");
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("llmos.read-timeout", () -> TIMEOUT.toSeconds() + "s");
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void reset() {
        ANTHROPIC.reset();
    }

    /** Sends {@code head} then one byte of {@code drip} every 500 ms; returns how long until the server hung up (or -1 after 12 s). */
    private long dripUntilClosed(String head, String drip) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (int i = 0; System.nanoTime() - start < 12_000_000_000L; i++) {
                try {
                    out.write(drip.charAt(i % drip.length()));
                    out.flush();
                } catch (IOException e) {
                    return (System.nanoTime() - start) / 1_000_000; // reset by the server
                }
                try {
                    if (in.read() < 0) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                    in.transferTo(OutputStream.nullOutputStream()); // a 408 answer, then the close
                    return (System.nanoTime() - start) / 1_000_000;
                } catch (SocketTimeoutException e) {
                    // still open: drip on
                } catch (IOException e) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            }
        }
        return -1;
    }

    @Test
    void headersDrippedOneByteAtATimeAreCutOffAtTheDeadline() throws IOException {
        long closedAfter = dripUntilClosed("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", "abcdefgh");
        assertThat(closedAfter).as("closed after (ms)").isBetween(TIMEOUT.toMillis() - 100, 3 * TIMEOUT.toMillis() + 1000);
    }

    @Test
    void aBodyDrippedOneByteAtATimeIsCutOffAtTheDeadline() throws IOException {
        long closedAfter = dripUntilClosed("POST /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{\"user_id\":\"slow\",\"message\":\"", "aaaaaaaa");
        assertThat(closedAfter).as("closed after (ms)").isBetween(TIMEOUT.toMillis() - 100, 3 * TIMEOUT.toMillis() + 1000);
        long compat = dripUntilClosed("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{\"model\":\"claude-x\",\"messages\":\"", "aaaaaaaa");
        assertThat(compat).as("closed after (ms)").isBetween(TIMEOUT.toMillis() - 100, 3 * TIMEOUT.toMillis() + 1000);
    }

    @Test
    void anIdleKeptAliveConnectionIsClosed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(12_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            assertThat(in.read(buf)).isPositive();
            long start = System.nanoTime();
            while (in.read(buf) >= 0) {
                // the rest of the answer
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3 * TIMEOUT.toMillis() + 1000);
        }
    }

    @Test
    void aStreamWithPausesLongerThanTheTimeoutAndASlowModelCallAreNotCut() {
        Http http = new Http(port);
        Duration pause = TIMEOUT.plusSeconds(1);
        ANTHROPIC.enqueue(FakeReply.text("a slow and thoughtful answer").deltas(3).delayPerDelta(pause));
        Http.Reply stream = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/chat/stream")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user_id\":\"slow\",\"message\":\"take your time\"}")));
        List<ChatServer.Event> events = ChatServer.events(stream.body());
        assertThat(events.stream().map(ChatServer.Event::name)).contains("delta").endsWith("done");

        ANTHROPIC.enqueue(FakeReply.text("a slow whole answer").deltas(3).delayPerDelta(pause));
        Http.Reply chat = http.post("/chat", "{\"user_id\":\"slow\",\"message\":\"no hurry\"}");
        assertThat(chat.status()).as(chat.body()).isEqualTo(200);
        assertThat(chat.json().get("response").asString()).contains("slow whole answer");
    }
}
