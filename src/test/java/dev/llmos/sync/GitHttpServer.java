package dev.llmos.sync;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Git's smart HTTP protocol on loopback: the JDK's HTTP server in front of {@code git http-backend}
 * (CGI), with HTTP basic authentication the way Gitea, GitLab and GitHub take an access token.
 */
final class GitHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final Path root;
    private final String user;
    private final String token;

    GitHttpServer(Path root, String user, String token) throws IOException {
        this.root = root;
        this.user = user;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/git/", this::handle);
        server.start();
    }

    String pattern() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/git/{volume}.git";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REMOTE_USER", user); // lets http-backend accept pushes
            env.put("REMOTE_ADDR", "127.0.0.1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getPath().substring("/git".length()));
            env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            env.put("CONTENT_LENGTH", String.valueOf(body.length));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            env.put("CONTENT_TYPE", type == null ? "" : type);
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                env.put("HTTP_CONTENT_ENCODING", encoding);
            }
            String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
            if (protocol != null) {
                env.put("GIT_PROTOCOL", protocol);
            }
            Process process = cgi.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(body);
            }
            byte[] out = process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
            respond(exchange, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Splits the CGI answer into its headers (with {@code Status:}) and body. */
    private static void respond(HttpExchange exchange, byte[] out) throws IOException {
        int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int skip = 4;
        if (split < 0) {
            split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
            skip = 2;
        }
        String head = new String(out, 0, Math.max(split, 0), StandardCharsets.US_ASCII);
        int status = 200;
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        byte[] rest = split < 0 ? new byte[0] : java.util.Arrays.copyOfRange(out, split + skip, out.length);
        exchange.sendResponseHeaders(status, rest.length == 0 ? -1 : rest.length);
        if (rest.length > 0) {
            exchange.getResponseBody().write(rest);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
