package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.llmos.LlmosApplication;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Coverage-guided fuzzing of request bodies and parameters (Jazzer) against the real server on a
 * real port (local mode, offline model, embeddings off). Input layout, so seeds stay readable:
 * byte 0 picks the route, byte 1 the shape (even: the rest is the raw body or query string; odd:
 * the rest is fields separated by {@code 0x1F}, put into a well-formed JSON body or query). Every
 * answer is below 500; every 4xx is problem+json without a stack trace; and nothing is written
 * outside the volumes: their folder is the only thing in a fresh parent, and under it only
 * {@code system}, {@code teams/{name}}, {@code users/{name}} and the folders the server made at
 * start-up. Committed inputs are in
 * {@code src/test/resources/dev/llmos/web/RequestBodyFuzzingInputs/request/}.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestBodyFuzzing {

    static final Path PARENT = TempVolumes.create("llmos-fuzz-");
    static final Path VOLUMES = PARENT.resolve("volumes");
    private static final char SEPARATOR = 0x1F;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] ROUTES = {"POST /skills", "PUT /skills/{id}", "POST /chat", "POST /skills/promote",
        "POST /evolve", "POST /skills/import", "GET /skills", "GET /traces"};
    /** What the server made under the volumes folder before the first request (besides system, teams, users). */
    private static Set<String> startupEntries;
    private static int inputs;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.offline(registry, VOLUMES);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void volumesFolder() throws IOException {
        Files.createDirectories(VOLUMES);
    }

    @FuzzTest(maxDuration = "30s")
    void request(byte[] data) {
        if (startupEntries == null) {
            startupEntries = entries(VOLUMES);
        }
        String route = ROUTES[data.length > 0 ? (data[0] & 0xff) % ROUTES.length : 0];
        boolean raw = data.length < 2 || data[1] % 2 == 0;
        byte[] rest = data.length > 2 ? Arrays.copyOfRange(data, 2, data.length) : new byte[0];
        HttpRequest request = raw ? rawRequest(route, rest) : structuredRequest(route, fields(rest));
        if (request == null) {
            return; // not a URI the client can send
        }
        HttpResponse<String> response = send(request);
        String sent = new String(rest, StandardCharsets.ISO_8859_1) + new String(rest, StandardCharsets.UTF_8);
        int status = response.statusCode();
        String body = response.body();
        String what = route + " -> " + status + " " + body.substring(0, Math.min(body.length(), 500));
        assertThat(status).as(what).isLessThan(500);
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
            // A problem may quote the input back (escaped): only text the caller did not send counts.
            for (String leak : List.of("Exception", "at dev.llmos", "at java.", "at org.springframework")) {
                if (!sent.contains(leak)) {
                    assertThat(body).as(what).doesNotContain(leak);
                }
            }
        }
        // Walking the folders costs a little: after every successful write, and every 50 inputs.
        if ((status / 100 == 2 && !route.startsWith("GET")) || ++inputs % 50 == 0) {
            assertNothingEscaped(what);
        }
    }

    private HttpRequest rawRequest(String route, byte[] rest) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        if (method.equals("GET")) {
            return build(method, path + "?" + uriText(rest), null);
        }
        if (path.contains("{id}")) {
            // The id and the body share the input: up to the first separator is the id.
            int cut = indexOf(rest, (byte) SEPARATOR);
            String id = uriText(Arrays.copyOfRange(rest, 0, cut < 0 ? 0 : cut));
            rest = cut < 0 ? rest : Arrays.copyOfRange(rest, cut + 1, rest.length);
            path = path.replace("{id}", id.isEmpty() ? "x" : id) + "?user_id=fuzz";
        }
        return build(method, path, rest);
    }

    private HttpRequest structuredRequest(String route, List<String> f) {
        ObjectNode json = Http.JSON.createObjectNode();
        put(json, "user_id", f, 0);
        put(json, "team_id", f, 1);
        switch (route) {
            case "POST /skills", "PUT /skills/{id}" -> {
                put(json, "name", f, 3);
                put(json, "description", f, 4);
                put(json, "content", f, 5);
                put(json, "volume", f, 6);
                put(json, "format", f, 7);
                put(json, "category", f, 8);
                if (f.size() > 9) {
                    ArrayNode keywords = json.putArray("keywords");
                    Arrays.stream(f.get(9).split(",", -1)).forEach(keywords::add);
                }
                if (f.size() > 10) {
                    ObjectNode metadata = json.putObject("metadata");
                    int eq = f.get(10).indexOf('=');
                    metadata.put(eq < 0 ? f.get(10) : f.get(10).substring(0, eq), eq < 0 ? "" : f.get(10).substring(eq + 1));
                }
                if (route.startsWith("POST")) {
                    put(json, "skill_id", f, 2);
                    return build("POST", "/skills", bytes(json));
                }
                return build("PUT", "/skills/" + uriText(field(f, 2).getBytes(StandardCharsets.UTF_8)), bytes(json));
            }
            case "POST /chat" -> {
                put(json, "message", f, 2);
                put(json, "conversation_id", f, 3);
                put(json, "model", f, 4);
                if (f.size() > 5) {
                    json.put("max_skills", f.get(5).length() - 2); // small, and sometimes negative
                }
                if (f.size() > 6) {
                    json.put("include_skills", f.get(6).isEmpty());
                }
            }
            case "POST /skills/promote" -> {
                put(json, "skill_id", f, 2);
                put(json, "from", f, 3);
                put(json, "to", f, 4);
                put(json, "reason", f, 5);
            }
            case "POST /evolve" -> {
                put(json, "for_user", f, 2);
                if (f.size() > 3) {
                    json.put("auto_apply", f.get(3).isEmpty());
                }
            }
            case "POST /skills/import" -> {
                put(json, "volume", f, 2);
                ArrayNode files = json.putArray("files");
                for (int i = 3; i + 1 < f.size(); i += 3) {
                    ObjectNode file = files.addObject();
                    file.put("path", f.get(i));
                    file.put("content", f.get(i + 1));
                    if (i + 2 < f.size() && !f.get(i + 2).isEmpty()) {
                        file.put("encoding", f.get(i + 2));
                    }
                }
            }
            default -> {
                // GET routes: the fields are query values, one of them the id or the volume
                StringBuilder query = new StringBuilder();
                String[] names = {"user_id", "team_id", "volume", "q", "limit", "skill_id"};
                for (int i = 0; i < names.length && i < f.size(); i++) {
                    query.append(i == 0 ? "" : "&").append(names[i]).append('=')
                            .append(uriText(f.get(i).getBytes(StandardCharsets.UTF_8)));
                }
                String path = route.substring(4);
                if (route.equals("GET /skills") && f.size() > 6) {
                    path = path + "/" + uriText(f.get(6).getBytes(StandardCharsets.UTF_8));
                }
                return build("GET", path + "?" + query, null);
            }
        }
        return build("POST", route.substring(5), bytes(json));
    }

    private HttpRequest build(String method, String pathAndQuery, byte[] body) {
        URI uri;
        try {
            uri = URI.create("http://127.0.0.1:" + port + pathAndQuery);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (body == null) {
            return b.GET().build();
        }
        return b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Nothing beside the volumes folder; in it only the volumes and what the server made at start-up. */
    private static void assertNothingEscaped(String what) {
        assertThat(entries(PARENT)).as(what).containsExactly("volumes");
        Set<String> top = entries(VOLUMES);
        top.removeAll(startupEntries);
        top.removeAll(Set.of("system", "teams", "users"));
        assertThat(top).as("new entries in the volumes folder after " + what).isEmpty();
        for (String kind : List.of("teams", "users")) {
            if (Files.isDirectory(VOLUMES.resolve(kind))) {
                assertThat(entries(VOLUMES.resolve(kind))).as(what)
                        .allSatisfy(name -> assertThat(name).matches("[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?"));
            }
        }
    }

    private static Set<String> entries(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fields(byte[] rest) {
        return new ArrayList<>(List.of(new String(rest, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), -1)));
    }

    private static String field(List<String> f, int i) {
        return i < f.size() ? f.get(i) : "";
    }

    /** An empty field leaves the JSON field out. */
    private static void put(ObjectNode json, String name, List<String> f, int i) {
        if (i < f.size() && !f.get(i).isEmpty()) {
            json.put(name, f.get(i));
        }
    }

    private static byte[] bytes(ObjectNode json) {
        return Http.JSON.writeValueAsBytes(json);
    }

    /** Bytes as URI text: unreserved characters, {@code %}, {@code /}, {@code =} and {@code &} as they are, the rest escaped. */
    private static String uriText(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~%/=&".indexOf(c) >= 0) {
                s.append((char) c);
            } else {
                s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return s.toString();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
