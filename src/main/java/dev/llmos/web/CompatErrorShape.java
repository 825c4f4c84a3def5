package dev.llmos.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.llmos.compat.Protocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refusals written by the filters in front of every route ({@link TokenAuthentication}: 401,
 * {@link RequestSizeLimit}: 413) come out of the compatibility routes in the protocol's own error shape,
 * so the SDKs raise their usual error with its usual type. Runs before those filters and rewrites only
 * the problem bodies they write.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class CompatErrorShape extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.shared();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().substring(request.getContextPath().length()).startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Capturing capturing = new Capturing(response);
        chain.doFilter(request, capturing);
        if (capturing.captured == null) {
            return;
        }
        String detail;
        try {
            JsonNode problem = JSON.readTree(capturing.captured.toString());
            detail = problem.path("detail").asString("refused");
        } catch (RuntimeException e) {
            detail = "refused";
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Protocol protocol = (path.startsWith("/v1/chat/") || path.startsWith("/v1/responses") || path.startsWith("/v1/models"))
                && request.getHeader("anthropic-version") == null ? Protocol.OPENAI : Protocol.ANTHROPIC;
        response.setContentType(CompatHttp.errorType(request));
        if (response.getStatus() == 401 || response.getStatus() == 403) {
            response.setHeader(CompatHttp.SHOULD_RETRY, "false");
        }
        byte[] body = protocol.errorBody(response.getStatus(), detail);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Holds back a problem body written through the writer on an error status. */
    private static final class Capturing extends HttpServletResponseWrapper {
        private StringWriter captured;

        Capturing(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            String type = getContentType();
            if (getStatus() >= 400 && type != null && type.startsWith("application/problem+json")) {
                if (captured == null) {
                    captured = new StringWriter();
                }
                return new PrintWriter(captured);
            }
            return super.getWriter();
        }
    }
}
