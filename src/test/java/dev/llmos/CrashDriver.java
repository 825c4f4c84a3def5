package dev.llmos;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs the real server as its own process, writes to it from several threads (chats with
 * traces, skill writes, promotions opened by alice and approved by bob), SIGKILLs it at a random
 * moment of the load, and checks after each restart that every acknowledged (2xx) write is
 * there. {@link CrashRecoveryTests} drives it; {@code -Dllmos.crash.cycles=500} makes a long run.
 */
final class CrashDriver {

    /** A chat acknowledged in a cycle: its trace must hold the question. */
    record TraceAck(String question, int cycle) {
    }

    /** A promotion that was acknowledged open, and maybe acknowledged merged. */
    record PromotionAck(String id, String skill, int version, boolean merged, int cycle) {
    }

    private static final String TEAM = "eng";
    private static final int SKILL_WRITERS = 4;

    private final Path volumes;
    private final Random random;
    private volatile CountDownLatch firstMerge = new CountDownLatch(0);
    private final long killAfterMinMs;
    private final long killAfterMaxMs;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile int cycle;

    // What was acknowledged, and not yet checked after a restart; everything is checked again at the end.
    private final Map<String, Integer> skills = new ConcurrentHashMap<>(); // id -> version acknowledged last
    private final Map<String, TraceAck> traces = new ConcurrentHashMap<>(); // trace id -> the question asked
    private final Map<String, PromotionAck> promotions = new ConcurrentHashMap<>(); // promotion id -> ack
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final List<String> lost = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    CrashDriver(Path volumes, long seed, long killAfterMinMs, long killAfterMaxMs) {
        this.volumes = volumes;
        this.random = new Random(seed);
        this.killAfterMinMs = killAfterMinMs;
        this.killAfterMaxMs = killAfterMaxMs;
    }

    /** Acknowledged writes so far (every 2xx to a write). */
    int acknowledged() {
        return acknowledged.get();
    }

    int skills() {
        return skills.size();
    }

    int traces() {
        return traces.size();
    }

    long merged() {
        return promotions.values().stream().filter(PromotionAck::merged).count();
    }

    /** Acknowledged writes found missing or damaged, one line each. */
    List<String> lost() {
        return List.copyOf(lost);
    }

    /** One cycle: start, check what earlier cycles acknowledged, load, SIGKILL at a random moment. */
    void cycle() throws Exception {
        int port = freePort();
        Process server = start(port);
        try {
            awaitHealthy(port, server);
            verify(port, cycle - 1); // what the last cycle acknowledged, right after its kill
            AtomicBoolean stop = new AtomicBoolean();
            firstMerge = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(SKILL_WRITERS + 2);
            pool.submit(() -> chats(port, stop));
            pool.submit(() -> promotions(port, stop));
            for (int w = 0; w < SKILL_WRITERS; w++) {
                int writer = w;
                pool.submit(() -> skillWrites(port, writer, stop));
            }
            // The window opens once the load is under way (one promotion merged), not at a fixed time from
            // the start: on a busy machine the first requests are slow, and a kill before any write
            // acknowledged would test nothing.
            firstMerge.await(30, TimeUnit.SECONDS);
            Thread.sleep(killAfterMinMs + (long) (random.nextDouble() * (killAfterMaxMs - killAfterMinMs)));
            kill(server); // mid-load: requests are in flight
            stop.set(true);
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new AssertionError("load threads did not stop after the kill");
            }
            cycle++;
        } finally {
            kill(server);
        }
    }

    /** A last start that checks everything acknowledged over the whole run. */
    void verifyAll() throws Exception {
        int port = freePort();
        Process server = start(port);
        try {
            awaitHealthy(port, server);
            verify(port, -1);
        } finally {
            kill(server);
        }
    }

    /**
     * Counts the lock files the kill left behind ({@code index.lock}, {@code refs/heads/main.lock}).
     * The restarted server must clear them itself at once (it is the folder's only LLMos process);
     * {@code -Dllmos.crash.age-locks=true} instead makes them look old, as a comparison.
     */
    int ageLeftoverLocks(boolean age) throws IOException {
        int found = 0;
        for (Path repo : repositories()) {
            for (Path lock : List.of(repo.resolve(".git/index.lock"), repo.resolve(".git/refs/heads/main.lock"))) {
                if (Files.exists(lock)) {
                    found++;
                    if (age) {
                        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
                    }
                }
            }
        }
        return found;
    }

    /** The volume repositories on disk, relative to the volumes folder. */
    List<String> volumes() throws IOException {
        return repositories().stream().map(r -> volumes.relativize(r).toString().replace('\\', '/')).toList();
    }

    private List<Path> repositories() throws IOException {
        try (Stream<Path> found = Files.find(volumes, 3, (p, a) -> p.getFileName().toString().equals(".git"))) {
            return found.map(Path::getParent).sorted().toList();
        }
    }

    /** {@code git fsck --full --strict} in every volume repository; returns the repositories with problems. */
    List<String> fsck() throws IOException, InterruptedException {
        List<Path> repos = repositories();
        List<String> problems = new ArrayList<>();
        for (Path repo : repos) {
            Process fsck = new ProcessBuilder("git", "fsck", "--full", "--strict").directory(repo.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (fsck.waitFor() != 0) {
                problems.add(volumes.relativize(repo) + ": " + out);
            }
        }
        return problems;
    }

    private Process start(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Fast start (about 2.5 s on two cores): C1 only, serial GC, the JDK's class-data archive.
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.llmos.Main",
                "serve", "--port", String.valueOf(port), "--volumes", volumes.toString());
        pb.environment().put("LLMOS_EMBEDDINGS", "false");
        pb.environment().put("LLMOS_SCAN_INTERVAL", "1h");
        pb.environment().remove("ANTHROPIC_API_KEY");
        pb.environment().remove("LLMOS_OPENAI_BASE_URL");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                volumes.resolveSibling(volumes.getFileName() + "-server.log").toFile()));
        return pb.start();
    }

    private static void kill(Process server) throws InterruptedException {
        server.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("server did not die");
        }
    }

    private void awaitHealthy(int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("server process died on start; see " + volumes.getFileName() + "-server.log");
            }
            try {
                if (send(port, HttpRequest.newBuilder(uri(port, "/health")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server did not become healthy");
    }

    private Void chats(int port, AtomicBoolean stop) {
        while (!stop.get()) {
            int n = sequence.incrementAndGet();
            String question = "question " + n;
            HttpResponse<String> r = post(port, "/chat", "{\"user_id\":\"crash\",\"message\":\"" + question + "\"}");
            if (r == null) {
                return null;
            }
            if (r.statusCode() != 200) {
                return unexpected("POST /chat", r);
            }
            traces.put(field(r.body(), "trace_id"), new TraceAck(question, cycle));
            acknowledged.incrementAndGet();
        }
        return null;
    }

    private Void skillWrites(int port, int writer, AtomicBoolean stop) {
        while (!stop.get()) {
            int n = sequence.incrementAndGet();
            String id = "s" + writer + "-" + (n % 5); // one writer per id: its acknowledgements are ordered
            HttpResponse<String> r = send(port, "PUT", "/skills/" + id, "{\"user_id\":\"crash\",\"name\":\"S\",\"description\":\"version "
                    + n + "\",\"content\":\"body " + n + "\"}");
            if (r == null) {
                return null;
            }
            if (r.statusCode() != 200 && r.statusCode() != 201) {
                return unexpected("PUT /skills/" + id, r);
            }
            skills.put(id, n);
            acknowledged.incrementAndGet();
        }
        return null;
    }

    /** Alice writes a new skill and asks to share it with eng; bob approves (local mode: eng is run by its members). */
    private Void promotions(int port, AtomicBoolean stop) {
        while (!stop.get()) {
            int n = sequence.incrementAndGet();
            String skill = "p-" + n;
            HttpResponse<String> r = post(port, "/skills", "{\"user_id\":\"alice\",\"team_id\":\"eng\",\"skill_id\":\"" + skill
                    + "\",\"name\":\"P\",\"description\":\"Use for promotion " + n + "\",\"content\":\"promoted " + n + "\"}");
            if (r == null) {
                return null;
            }
            if (r.statusCode() != 201) {
                return unexpected("POST /skills", r);
            }
            acknowledged.incrementAndGet();
            r = post(port, "/skills/promote", "{\"user_id\":\"alice\",\"team_id\":\"eng\",\"skill_id\":\"" + skill
                    + "\",\"reason\":\"crash test\"}");
            if (r == null) {
                return null;
            }
            if (r.statusCode() != 201) {
                return unexpected("POST /skills/promote", r);
            }
            String id = field(r.body(), "id");
            promotions.put(id, new PromotionAck(id, skill, n, false, cycle));
            acknowledged.incrementAndGet();
            r = post(port, "/promotions/" + id + "/approve", "{\"user_id\":\"bob\",\"team_id\":\"eng\",\"comment\":\"ok\"}");
            if (r == null) {
                return null;
            }
            if (r.statusCode() != 200 || !field(r.body(), "status").equals("merged")) {
                return unexpected("approve", r);
            }
            promotions.put(id, new PromotionAck(id, skill, n, true, cycle));
            acknowledged.incrementAndGet();
            firstMerge.countDown();
        }
        return null;
    }

    /** An answer the load did not expect from a live server (not a lost write, but a failure all the same). */
    private Void unexpected(String call, HttpResponse<String> r) {
        unexpected.add(call + ": " + r.statusCode() + " " + r.body());
        return null;
    }

    /** Answers the load did not expect (a 5xx, a refused promotion), one line each. */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Checks the writes acknowledged in one cycle (every skill, whatever the cycle), or in all ({@code cycle < 0}). */
    private void verify(int port, int cycle) throws Exception {
        for (Map.Entry<String, Integer> e : skills.entrySet()) {
            HttpResponse<String> r = get(port, "/skills/" + e.getKey() + "?user_id=crash&volume=user");
            String description = r.statusCode() == 200 ? field(r.body(), "description") : "";
            // The last acknowledged version, or a later one its writer was sending when the kill came (committed, not acknowledged).
            if (!description.startsWith("version ")
                    || Integer.parseInt(description.substring("version ".length())) < e.getValue()
                    || !field(r.body(), "content").equals("body " + description.substring("version ".length()) + "\n")) {
                lost.add("skill " + e.getKey() + " (version " + e.getValue() + "): " + r.statusCode() + " " + r.body());
            }
        }
        for (Map.Entry<String, TraceAck> e : traces.entrySet()) {
            if (cycle >= 0 && e.getValue().cycle() != cycle) {
                continue;
            }
            HttpResponse<String> r = get(port, "/traces/" + e.getKey() + "?user_id=crash");
            if (r.statusCode() != 200 || !r.body().contains(e.getValue().question() + "\"")) {
                lost.add("trace " + e.getKey() + ": " + r.statusCode() + " " + r.body());
            }
        }
        for (PromotionAck p : promotions.values()) {
            if (cycle >= 0 && p.cycle() != cycle) {
                continue;
            }
            HttpResponse<String> record = get(port, "/promotions/" + p.id() + "?user_id=alice&team_id=eng");
            if (record.statusCode() != 200) {
                lost.add("promotion " + p.id() + " record: " + record.statusCode() + " " + record.body());
                continue;
            }
            if (!p.merged()) {
                continue; // open, or merged by an approval the kill cut off before its answer
            }
            HttpResponse<String> target = get(port, "/skills/" + p.skill() + "?user_id=bob&team_id=eng&volume=team");
            HttpResponse<String> history = get(port, "/volumes/teams/" + TEAM + "/history?user_id=bob&team_id=eng&limit=5&path=skills/"
                    + p.skill() + ".md");
            if (!field(record.body(), "status").equals("merged") || target.statusCode() != 200
                    || !field(target.body(), "content").equals("promoted " + p.version() + "\n")
                    || !history.body().contains("Promotion: " + p.id())) {
                lost.add("merged promotion " + p.id() + ": record " + record.body() + "; target " + target.statusCode() + " "
                        + target.body() + "; history " + history.body());
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String json) {
        return send(port, "POST", path, json);
    }

    /** A write; null once the server is gone (the write is then not acknowledged). */
    private HttpResponse<String> send(int port, String method, String path, String json) {
        try {
            return http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpResponse<String> send(int port, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A top-level text field of a JSON answer; empty if it is missing or the body is not JSON. */
    private static String field(String json, String name) {
        try {
            JsonNode value = JSON.readTree(json).get(name);
            return value == null || value.isNull() ? "" : value.asString();
        } catch (JacksonException e) {
            return "";
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
