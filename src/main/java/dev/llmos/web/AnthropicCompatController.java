package dev.llmos.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.compat.CompatCall;
import dev.llmos.compat.CompatGateway;
import dev.llmos.compat.Protocol;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The Anthropic Messages API, passed through with the caller's skills injected. See docs/integrations.md. */
@RestController
@Tag(name = "Compatibility", description = "Drop-in Anthropic and OpenAI endpoints with skills injected and traces recorded")
class AnthropicCompatController {

    private final CompatGateway gateway;
    private final CompatHttp http;

    AnthropicCompatController(CompatGateway gateway, CompatHttp http) {
        this.gateway = gateway;
        this.http = http;
    }

    @PostMapping("/v1/messages")
    @Operation(summary = "Anthropic Messages API (streaming or not)",
            description = "Forwarded to the configured Anthropic upstream with the caller's skills first in `system`; "
                    + "the answer is relayed unchanged. `x-llmos-skills: off` or a model ending in `+noskills` opts out.")
    void messages(@RequestBody byte[] body, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal who = http.caller(request, Scope.WRITE);
        CompatCall call = gateway.prepare(Protocol.ANTHROPIC, who.userId(), who.teamId(), body, CompatHttp.skillsOff(request),
                CompatHttp.headers(request));
        CompatHttp.describe(call, response);
        gateway.relay(call, request.getQueryString(), CompatHttp.passedOn(request), CompatHttp.sink(response));
    }

    @PostMapping("/v1/messages/count_tokens")
    @Operation(summary = "Anthropic token counting, with the skills a call would inject counted too")
    void countTokens(@RequestBody byte[] body, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal who = http.caller(request, Scope.READ);
        CompatCall call = gateway.prepare(Protocol.ANTHROPIC, who.userId(), who.teamId(), body, CompatHttp.skillsOff(request),
                CompatHttp.headers(request));
        CompatHttp.describe(call, response);
        gateway.countTokens(call, request.getQueryString(), CompatHttp.passedOn(request), CompatHttp.sink(response));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> failed(Exception e, HttpServletRequest request, HttpServletResponse response) {
        return CompatHttp.error(Protocol.ANTHROPIC, e, request, response);
    }
}
