package dev.llmos.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * LLMos does not run an OAuth server. MCP clients that get a 401 look for one (RFC 9728 resource
 * metadata, RFC 8414 server metadata, then the default {@code /register}, {@code /authorize} and
 * {@code /token}); each of those answers 404 with what to do instead, so the client's error says it
 * (Claude Code prints "Dynamic Client Registration rejected (HTTP 404): … add a header …") rather than
 * ending in a login that cannot happen. These paths need no token.
 */
@RestController
@Hidden
class NoOAuthController {

    static final String HOW = "LLMos does not offer OAuth: send an LLMos token as the header 'Authorization: Bearer <token>' "
            + "(create one with: llmos token create --user YOU --scope write; for Claude Code: claude mcp add --transport http "
            + "llmos URL --header \"Authorization: Bearer <token>\")";

    /** The OAuth discovery and default endpoint paths an MCP client may try. */
    static boolean isOAuthPath(String path) {
        return path.startsWith("/.well-known/oauth-protected-resource") || path.startsWith("/.well-known/oauth-authorization-server")
                || path.startsWith("/.well-known/openid-configuration") || path.equals("/register") || path.equals("/authorize")
                || path.equals("/token");
    }

    @RequestMapping({"/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/**",
            "/.well-known/oauth-authorization-server", "/.well-known/oauth-authorization-server/**",
            "/.well-known/openid-configuration", "/.well-known/openid-configuration/**", "/register", "/authorize", "/token"})
    ResponseEntity<ProblemDetail> noOAuth() {
        ProblemDetail p = ProblemHandler.problem(HttpStatus.NOT_FOUND, "no-oauth", "No OAuth here", HOW);
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
