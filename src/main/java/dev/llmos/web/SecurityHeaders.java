package dev.llmos.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers that keep the web UI (and anything else a browser renders from LLMos) to itself. Model answers
 * and skills are untrusted Markdown: the UI renders no raw HTML and no remote images, and this policy is
 * the second line if it ever did: scripts from this origin only (no inline script, no eval), images from
 * this origin or {@code data:} only (a remote image could carry the conversation in its URL), requests and
 * fonts to this origin only, never framed (clickjacking), no plugins, no {@code <base>}. Styles may also be
 * inline: the skill editor (CodeMirror) injects its theme as {@code <style>} elements; a style cannot run
 * script, and the {@code url()} a style would need to send data elsewhere is held by img-src and font-src.
 * Swagger UI at /docs works under the same policy (checked in a browser by WebUiSecurityEndToEndTests).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
class SecurityHeaders extends OncePerRequestFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        chain.doFilter(request, response);
    }
}
