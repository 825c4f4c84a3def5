package dev.llmos.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

import dev.llmos.access.AccessDeniedException;
import dev.llmos.access.AccessPolicy;
import dev.llmos.access.NotVisibleException;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.access.UnauthenticatedException;
import dev.llmos.compat.CompatCall;
import dev.llmos.compat.CompatException;
import dev.llmos.compat.CompatGateway;
import dev.llmos.compat.Protocol;
import dev.llmos.compat.ResponseSink;
import dev.llmos.turn.TurnReader;
import dev.llmos.volume.InvalidNameException;

/**
 * What the compatibility controllers share: who the caller is (the token's user; in local mode without
 * a token, {@code LLMOS_LOCAL_USER}), the LLMos response headers, the relay's sink over the servlet
 * response, and errors in each protocol's own shape.
 */
@Component
class CompatHttp {

    static final String SKILLS_HEADER = "x-llmos-skills";
    static final String TRACE_HEADER = "x-llmos-trace-id";
    static final String TEAM_HEADER = "x-llmos-team";
    static final String SHOULD_RETRY = "x-should-retry";
    private static final Logger log = LoggerFactory.getLogger(CompatHttp.class);

    private final CallerResolver callers;
    private final AccessPolicy access;
    private final CompatGateway gateway;

    CompatHttp(CallerResolver callers, AccessPolicy access, CompatGateway gateway) {
        this.callers = callers;
        this.access = access;
        this.gateway = gateway;
    }

    /** The caller, who must be allowed {@code needed} (calls that spend tokens and write traces need write). */
    Principal caller(HttpServletRequest request, Scope needed) {
        String team = request.getHeader(TEAM_HEADER);
        team = team == null || team.isBlank() ? null : team.strip();
        Principal who = callers.resolve(null, team);
        if (who.userId() == null) {
            // Local mode without a token: clients such as Claude Code always send some key, never a user id.
            who = callers.resolve(gateway.settings().localUser(), team);
        }
        access.requireScope(who, needed);
        return who;
    }

    static boolean skillsOff(HttpServletRequest request) {
        String h = request.getHeader(SKILLS_HEADER);
        return h != null && (h.equalsIgnoreCase("off") || h.equalsIgnoreCase("false") || h.equals("0"));
    }

    /** The client's headers by lower-case name, for placing the call in its conversation and turn. */
    static TurnReader.Headers headers(HttpServletRequest request) {
        return request::getHeader;
    }

    /** Headers passed upstream, by lower-case name. */
    static Map<String, String> passedOn(HttpServletRequest request) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>();
        for (String name : new String[] {"anthropic-version", "anthropic-beta"}) {
            String v = request.getHeader(name);
            if (v != null && !v.isBlank()) {
                out.put(name, v.strip());
            }
        }
        return out;
    }

    /** Names the injected skills and the trace before anything is sent. */
    static void describe(CompatCall call, HttpServletResponse response) {
        response.setHeader(SKILLS_HEADER, call.skillsOff() ? "off" : String.join(",", call.skillIds()));
        response.setHeader(TRACE_HEADER, call.traceId());
        if (!call.dropped().isEmpty()) {
            response.setHeader("x-llmos-dropped", String.join(",", call.dropped()));
        }
    }

    /** The relay writes straight to the servlet response; a failed write means the client left. */
    static ResponseSink sink(HttpServletResponse response) {
        return new ResponseSink() {
            private OutputStream out;

            @Override
            public void start(int status, String contentType, Map<String, String> headers) throws IOException {
                response.setStatus(status);
                response.setContentType(contentType);
                headers.forEach(response::setHeader);
                if (contentType.contains("event-stream")) {
                    response.setHeader("Cache-Control", "no-cache");
                    response.setHeader("X-Accel-Buffering", "no");
                }
                out = response.getOutputStream();
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }

    /** Any failure as the protocol's error object (see {@link Protocol#errorBody}); nothing once streaming began. */
    static ResponseEntity<byte[]> error(Protocol protocol, Exception e, HttpServletRequest request,
                                        HttpServletResponse response) {
        if (response.isCommitted()) {
            log.debug("compatibility call failed after the answer began: {}", e.toString());
            return null;
        }
        int status;
        String message = e.getMessage();
        if (e instanceof CompatException c) {
            status = c.status();
        } else if (e instanceof UnauthenticatedException) {
            status = 401;
        } else if (e instanceof AccessDeniedException) {
            status = 403;
        } else if (e instanceof NotVisibleException) {
            status = 404;
        } else if (e instanceof InvalidNameException) {
            status = 400;
        } else if (causedBy(e, RequestTooLargeException.class)) {
            status = 413;
            message = "the request body is larger than LLMOS_MAX_REQUEST_BYTES allows";
        } else if (causedBy(e, RequestTimeoutException.class)) {
            status = 408;
            message = "the request body did not arrive within LLMOS_READ_TIMEOUT";
        } else if (e instanceof HttpMessageNotReadableException) {
            status = 400;
            message = "the request body is missing";
        } else {
            log.error("unexpected error in a compatibility call", e);
            status = 500;
            message = "LLMos hit an unexpected error; it is in the server log";
        }
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, errorType(request));
        if (status == 401) {
            reply.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"llmos\"");
        }
        if (status == 401 || status == 403) {
            // As Anthropic's API does: a wrong credential does not get better by retrying (Claude Code would back off for minutes).
            reply.header(SHOULD_RETRY, "false");
        }
        return reply.body(protocol.errorBody(status, message == null ? "error" : message));
    }

    /**
     * SDKs ask for {@code application/json} and get it; other callers get the same body as
     * {@code application/problem+json}, which it also is.
     */
    static String errorType(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json")
                ? "application/json" : "application/problem+json";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
