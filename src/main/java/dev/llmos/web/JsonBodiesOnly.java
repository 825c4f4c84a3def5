package dev.llmos.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.llmos.volume.VolumeId;

/**
 * Every body LLMos reads is JSON, so a body must say so: {@code application/json} or a
 * {@code +json} type, else 415. A browser sends {@code text/plain}, a form type or none only from a
 * cross-site {@code <form>} or a {@code no-cors} fetch, and those must not spend the operator's credit
 * or change anything (docs/security.md). A request without a body (a POST that acts on its path)
 * needs no type. Not for the sync webhook (signed by the git server, in whatever type it sends),
 * {@code /mcp} (its SDK refuses other types itself, in JSON-RPC's shape), nor the OAuth paths an MCP
 * client may try with a form ({@link NoOAuthController} tells it to send a token instead).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 70)
class JsonBodiesOnly extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> OWN_RULES = Set.of("/sync/webhook", "/mcp");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod()) || OWN_RULES.contains(request.getServletPath())
                || NoOAuthController.isOAuthPath(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (type == null ? hasBody : !isJson(type)) {
            FilterProblems.write(request, response, 415, "unsupported-media-type", "Unsupported Media Type",
                    "the body must be JSON, sent with Content-Type: application/json"
                            + (type == null ? " (it had no Content-Type)" : ", not '" + VolumeId.printable(type) + "'"));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isJson(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String media = (semi < 0 ? t : t.substring(0, semi)).strip();
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

}
