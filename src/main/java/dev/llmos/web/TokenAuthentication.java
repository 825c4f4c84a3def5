package dev.llmos.web;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.llmos.access.Accounts;
import dev.llmos.access.AuthMode;
import dev.llmos.access.Callers;
import dev.llmos.access.Credential;

/**
 * Checks the bearer token of every request, before anything else reads it. The token may come as
 * {@code Authorization: Bearer …} or {@code x-api-key: …} (Anthropic's header); both are checked the
 * same way. In token mode a request without a valid token is refused, except for health and the
 * API description. In local mode a token is optional, but one that looks like an LLMos token must
 * be valid (and then says who the caller is).
 */
@Component
class TokenAuthentication extends OncePerRequestFilter {

    static final String CREDENTIAL = TokenAuthentication.class.getName() + ".credential";

    private final Accounts accounts;
    private final AuthMode mode;

    TokenAuthentication(Accounts accounts, Callers callers) {
        this.accounts = accounts;
        this.mode = callers.mode();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> authorization = values(request, "Authorization");
        List<String> apiKeys = values(request, "x-api-key");
        if (authorization.size() > 1 || apiKeys.size() > 1) {
            // Which one counts would be a guess (and a proxy may have added one).
            refuse(request, response, "the request carries two different Authorization or x-api-key headers");
            return;
        }
        String bearer = authorization.isEmpty() ? null : bearer(authorization.get(0));
        String apiKey = apiKeys.isEmpty() ? null : apiKeys.get(0);
        if (bearer != null && apiKey != null && !bearer.equals(apiKey)) {
            refuse(request, response, "the request carries two different tokens (Authorization and x-api-key)");
            return;
        }
        String secret = bearer != null ? bearer : apiKey;
        if (secret != null && mode == AuthMode.LOCAL && !Accounts.looksLikeToken(secret)) {
            // Local mode: clients that insist on some key (Claude Code, the SDKs) may send any
            // placeholder; only something shaped like an LLMos token is checked.
            secret = null;
        }
        if (secret != null) {
            Optional<Credential> credential = accounts.authenticate(secret);
            if (credential.isEmpty()) {
                refuse(request, response, "the token is unknown, expired or revoked");
                return;
            }
            request.setAttribute(CREDENTIAL, credential.get());
        } else if (mode == AuthMode.TOKEN && !isPublic(request)) {
            refuse(request, response, request.getRequestURI().startsWith(request.getContextPath() + "/mcp")
                    ? "a bearer token is required. " + NoOAuthController.HOW
                    : "a bearer token is required (Authorization: Bearer <token>, or x-api-key)");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * What anyone may fetch: health, the API description and docs, and the web UI's own files. The
     * sync webhook too: a git server sends no bearer token, the webhook checks its own signature.
     */
    private static boolean isPublic(HttpServletRequest request) {
        // The decoded, normalized path (servlet path + path info), not the raw URI: "/ui/../skills" is "/skills".
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/health") || path.equals("/sync/webhook") || path.equals("/openapi.json") || path.startsWith("/openapi.json/")
                || path.equals("/docs") || path.startsWith("/docs/") || path.startsWith("/swagger-ui")
                || path.startsWith("/v3/api-docs") || NoOAuthController.isOAuthPath(path) || isUiFile(request, path);
    }

    /** The web UI is public (it asks for a token itself): GETs of its page, its files and its /ui/ routes, never an API path. */
    private static boolean isUiFile(HttpServletRequest request, String path) {
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && (path.equals("/") || path.equals("/index.html") || path.startsWith("/assets/") || path.startsWith("/favicon")
                        || path.equals("/ui") || path.startsWith("/ui/"));
    }

    /** The header's distinct non-blank values, however many times it was sent. */
    private static List<String> values(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name)).stream().map(TokenAuthentication::blankToNull)
                .filter(Objects::nonNull).distinct().toList();
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? blankToNull(h.substring(7)) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"llmos\"");
        FilterProblems.write(request, response, 401, "unauthenticated", "Unauthenticated", detail);
    }
}
