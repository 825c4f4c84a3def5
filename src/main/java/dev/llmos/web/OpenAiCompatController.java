package dev.llmos.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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

/** The OpenAI Chat Completions and Responses APIs and the model list, with the caller's skills injected. */
@RestController
@Tag(name = "Compatibility")
class OpenAiCompatController {

    private final CompatGateway gateway;
    private final CompatHttp http;

    OpenAiCompatController(CompatGateway gateway, CompatHttp http) {
        this.gateway = gateway;
        this.http = http;
    }

    @PostMapping("/v1/chat/completions")
    @Operation(summary = "OpenAI Chat Completions (streaming or not)",
            description = "Forwarded to the configured OpenAI-compatible upstream with a system message of the caller's "
                    + "skills first; the answer is relayed unchanged. `x-llmos-skills: off` or a model ending in `+noskills` opts out.")
    void completions(@RequestBody byte[] body, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal who = http.caller(request, Scope.WRITE);
        CompatCall call = gateway.prepare(Protocol.OPENAI, who.userId(), who.teamId(), body, CompatHttp.skillsOff(request),
                CompatHttp.headers(request));
        CompatHttp.describe(call, response);
        gateway.relay(call, request.getQueryString(), CompatHttp.passedOn(request), CompatHttp.sink(response));
    }

    @PostMapping("/v1/responses")
    @Operation(summary = "OpenAI Responses API (streaming or not), as Codex and the OpenAI SDKs speak it",
            description = "Translated to Chat Completions for OpenAI-compatible servers (or relayed when LLMOS_OPENAI_RESPONSES=true) "
                    + "and to Anthropic Messages for Claude models, with the caller's skills first in the upstream's system prompt. "
                    + "`previous_response_id` is honoured for responses LLMos translated (kept in memory); else a 400 says so.")
    void responses(@RequestBody byte[] body, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal who = http.caller(request, Scope.WRITE);
        CompatCall call = gateway.prepare(Protocol.RESPONSES, who.userId(), who.teamId(), body, CompatHttp.skillsOff(request),
                CompatHttp.headers(request));
        CompatHttp.describe(call, response);
        gateway.relay(call, request.getQueryString(), CompatHttp.passedOn(request), CompatHttp.sink(response));
    }

    @GetMapping("/v1/models")
    @Operation(summary = "The models a client can pick (OpenAI's list shape; Anthropic's when `anthropic-version` is sent)")
    ResponseEntity<byte[]> models(HttpServletRequest request) {
        http.caller(request, Scope.READ);
        boolean anthropic = request.getHeader("anthropic-version") != null;
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(gateway.models(anthropic));
    }

    @GetMapping("/v1/models/{id}")
    @Operation(summary = "One model a client can pick, or a 404 in the protocol's shape")
    ResponseEntity<byte[]> model(@PathVariable String id, HttpServletRequest request) {
        http.caller(request, Scope.READ);
        boolean anthropic = request.getHeader("anthropic-version") != null;
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(gateway.model(id, anthropic));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> failed(Exception e, HttpServletRequest request, HttpServletResponse response) {
        return CompatHttp.error(request.getHeader("anthropic-version") != null ? Protocol.ANTHROPIC : Protocol.OPENAI, e,
                request, response);
    }
}
