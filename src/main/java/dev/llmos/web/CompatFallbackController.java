package dev.llmos.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.compat.CompatException;
import dev.llmos.compat.Protocol;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * Any other {@code /v1/*} path: a 404 (or 405 for a known path with another method) in the protocol's
 * own error shape, so an SDK raises its usual not-found error instead of choking on Spring's.
 */
@RestController
@Hidden
class CompatFallbackController {

    /** The compatibility routes and their one method each. */
    private static final Map<String, String> ROUTES = Map.of(
            "/v1/messages", "POST", "/v1/messages/count_tokens", "POST", "/v1/chat/completions", "POST",
            "/v1/responses", "POST", "/v1/models", "GET");

    @RequestMapping("/v1/**")
    void unknown(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = ROUTES.get(path);
        if (method != null) {
            throw new CompatException(405, path + " answers " + method + ", not " + request.getMethod());
        }
        throw new CompatException(404, "LLMos has no endpoint " + request.getMethod() + " " + path
                + "; it serves POST /v1/messages, POST /v1/messages/count_tokens, POST /v1/chat/completions, "
                + "POST /v1/responses, GET /v1/models and GET /v1/models/{id}");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> failed(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Protocol protocol = request.getHeader("anthropic-version") != null || path.startsWith("/v1/messages")
                ? Protocol.ANTHROPIC : Protocol.OPENAI;
        return CompatHttp.error(protocol, e, request, response);
    }
}
