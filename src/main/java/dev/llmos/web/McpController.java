package dev.llmos.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.compat.McpSkillServer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /mcp}: authenticated like every route (the token's user; in local mode without a token,
 * {@code LLMOS_LOCAL_USER}), then handed to the MCP SDK's stateless Streamable HTTP servlet with the
 * caller attached. The transport is stateless, so there is no GET stream and no session to DELETE.
 */
@RestController
@Tag(name = "Compatibility")
class McpController {

    private static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final JsonMapper JSON = JsonMapper.shared();

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
        SdkErrors errors = new SdkErrors(response);
        mcp.servlet().service(lenientAccept(request), errors);
        errors.rewrite();
    }

    /**
     * The SDK answers a request it cannot read (not JSON, not JSON-RPC, a wrong content type) by
     * serialising its Java exception, stack frames and all. Such an answer is held back and replaced by
     * a plain JSON-RPC error with the SDK's code and message; the status stays.
     */
    private static final class SdkErrors extends HttpServletResponseWrapper {
        private final HttpServletResponse response;
        private ByteArrayOutputStream held;
        private PrintWriter writer;

        SdkErrors(HttpServletResponse response) {
            super(response);
            this.response = response;
        }

        private boolean holding() {
            if (held == null && getStatus() >= 400) {
                held = new ByteArrayOutputStream();
            }
            return held != null;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!holding()) {
                return super.getWriter();
            }
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(held, StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!holding()) {
                return super.getOutputStream();
            }
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    held.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("blocking writes only");
                }
            };
        }

        void rewrite() throws IOException {
            if (held == null) {
                return;
            }
            if (writer != null) {
                writer.flush();
            }
            int code = -32600;
            String message = "Invalid request";
            try {
                JsonNode error = JSON.readTree(held.toByteArray()).path("jsonRpcError");
                if (error.path("code").isInt()) {
                    code = error.path("code").asInt();
                }
                if (error.path("message").isString() && !error.path("message").asString().isBlank()) {
                    message = error.path("message").asString();
                }
            } catch (RuntimeException e) {
                // not the SDK's exception shape: the generic answer
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("jsonrpc", "2.0");
            body.putNull("id");
            body.putObject("error").put("code", code).put("message", message);
            byte[] bytes = JSON.writeValueAsBytes(body);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
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
