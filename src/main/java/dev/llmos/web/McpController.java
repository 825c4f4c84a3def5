package dev.llmos.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.compat.McpSkillServer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code /mcp}: authenticated like every route (the token's user; in local mode without a token,
 * {@code LLMOS_LOCAL_USER}), then handed to the MCP SDK's stateless Streamable HTTP servlet with the
 * caller attached. The transport is stateless, so there is no GET stream and no session to DELETE.
 */
@RestController
@Tag(name = "Compatibility")
class McpController {

    private static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private final McpSkillServer mcp;
    private final CompatHttp http;

    McpController(McpSkillServer mcp, CompatHttp http) {
        this.mcp = mcp;
        this.http = http;
    }

    @PostMapping("/mcp")
    @Operation(summary = "MCP (Streamable HTTP, stateless): skills as tools, prompts, resources and the skills extension",
            description = "Tools: search_skills, load_skill, list_skill_files, read_skill_file, record_feedback (write scope). "
                    + "Every file of every skill is a resource skill://{id}/{path}; the extension io.modelcontextprotocol/skills "
                    + "(SEP-2640) adds skills/list (paged) and skills/get, with front matter and each file's sha256 and size.")
    void mcp(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Principal who = http.caller(request, Scope.READ);
        request.setAttribute(McpSkillServer.PRINCIPAL, who);
        mcp.servlet().service(lenientAccept(request), response);
    }

    /** The SDK insists on both media types in Accept; curl and plain HTTP clients send neither, so they are assumed. */
    private static HttpServletRequest lenientAccept(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("application/json") && accept.contains("text/event-stream")) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return "accept".equalsIgnoreCase(name) ? ACCEPT_BOTH : super.getHeader(name);
            }
        };
    }
}
