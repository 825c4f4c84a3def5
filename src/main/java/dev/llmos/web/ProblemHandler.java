package dev.llmos.web;

import java.net.URI;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.llmos.access.AccessConflictException;
import dev.llmos.access.AccessDeniedException;
import dev.llmos.access.NotVisibleException;
import dev.llmos.access.UnauthenticatedException;
import dev.llmos.chat.ChatFailedException;
import dev.llmos.evolution.DraftConflictException;
import dev.llmos.evolution.DraftNotFoundException;
import dev.llmos.evolution.DraftRefusedException;
import dev.llmos.evolution.EvolutionBusyException;
import dev.llmos.promotion.PromotionNotFoundException;
import dev.llmos.promotion.PromotionStaleException;
import dev.llmos.promotion.PromotionStateException;
import dev.llmos.sync.ConflictChangedException;
import dev.llmos.sync.ConflictNotFoundException;
import dev.llmos.sync.SyncOffException;
import dev.llmos.sync.WebhookRefusedException;
import dev.llmos.trace.TraceNotFoundException;
import dev.llmos.skill.InvalidSkillException;
import dev.llmos.skill.SkillChangedException;
import dev.llmos.skill.SkillConflictException;
import dev.llmos.skill.SkillNotFoundException;
import dev.llmos.skill.SkillProblem;
import dev.llmos.skill.SkillTooLargeException;
import dev.llmos.volume.CommitNotFoundException;
import dev.llmos.volume.InvalidFieldException;
import dev.llmos.volume.InvalidNameException;
import dev.llmos.volume.SymlinkInVolumeException;
import dev.llmos.volume.VolumeNotFoundException;
import dev.llmos.volume.VolumeUnreadableException;
import dev.llmos.volume.VolumeWriteException;

/**
 * Every failure becomes RFC 9457 problem+json here, and only here. Messages say what was wrong
 * with the request; stack traces stay in the log.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String TYPES = "https://llmos.dev/problems/";
    static final int MAX_ERRORS = 50;

    record FieldError(String file, String field, int line, String severity, String message) {
        static FieldError of(SkillProblem p) {
            return new FieldError(p.file(), p.field(), p.line(), p.severity().name().toLowerCase(java.util.Locale.ROOT), p.message());
        }
    }

    /** Every feature's invalid-field error: a 400 naming the field (an invalid id or name has its own type). */
    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return e instanceof InvalidNameException
                ? badField("invalid-name", "Invalid name", e.getMessage(), e.field())
                : badField("invalid-request", "Invalid request", e.getMessage(), e.field());
    }

    private static ProblemDetail badField(String type, String title, String detail, String field) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, type, title, detail);
        p.setProperty("field", field);
        return p;
    }

    @ExceptionHandler(InvalidSkillException.class)
    ProblemDetail invalidSkill(InvalidSkillException e) {
        return withErrors(problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-skill", "Invalid skill", e.getMessage()), e.problems());
    }

    /** At most {@link #MAX_ERRORS} of them: a hostile file can have thousands, and the answer must stay small. */
    private static ProblemDetail withErrors(ProblemDetail p, List<SkillProblem> problems) {
        p.setProperty("errors", problems.stream().limit(MAX_ERRORS).map(FieldError::of).toList());
        if (problems.size() > MAX_ERRORS) {
            p.setProperty("errors_total", problems.size());
        }
        return p;
    }

    /** Missing, or not the caller's to see ({@link NotVisibleException}): the same answer, so nothing leaks. */
    @ExceptionHandler({SkillNotFoundException.class, VolumeNotFoundException.class, CommitNotFoundException.class,
            TraceNotFoundException.class, PromotionNotFoundException.class, DraftNotFoundException.class,
            dev.llmos.trace.ConversationNotFoundException.class, NotVisibleException.class, dev.llmos.agent.AgentNotFoundException.class, dev.llmos.agent.RunNotFoundException.class,
            ConflictNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(SkillChangedException.class)
    ProblemDetail changed(SkillChangedException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "changed", "Changed meanwhile", e.getMessage());
    }

    @ExceptionHandler(SkillConflictException.class)
    ProblemDetail conflict(SkillConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler({SkillTooLargeException.class, RequestTooLargeException.class})
    ProblemDetail tooLarge(RuntimeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Content too large", e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(UnauthenticatedException.class)
    ResponseEntity<ProblemDetail> unauthenticated(UnauthenticatedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"llmos\"")
                .body(problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", e.getMessage()));
    }

    @ExceptionHandler(PromotionStaleException.class)
    ProblemDetail promotionStale(PromotionStaleException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "promotion-stale", "Promotion is stale", e.getMessage());
        p.setProperty("promotion", e.promotion());
        return p;
    }

    @ExceptionHandler(PromotionStateException.class)
    ProblemDetail promotionState(PromotionStateException e) {
        return problem(HttpStatus.CONFLICT, "promotion-state", "Promotion cannot do that now", e.getMessage());
    }

    @ExceptionHandler(VolumeWriteException.class)
    ProblemDetail storage(VolumeWriteException e) {
        if (e.diskFull()) {
            log.error("write failed: the disk holding the volumes is full ({})", e.getMessage());
            return problem(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage full",
                    "the change was not saved: the disk holding the volumes is full");
        }
        log.error("write failed", e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable",
                "the change was not saved: " + e.getMessage());
    }

    @ExceptionHandler(SymlinkInVolumeException.class)
    ProblemDetail symlink(SymlinkInVolumeException e) {
        log.warn("refused a write: {}", e.getMessage());
        return problem(HttpStatus.CONFLICT, "symlink-in-volume", "Symbolic link in the volume", e.getMessage());
    }

    @ExceptionHandler(VolumeUnreadableException.class)
    ProblemDetail unreadable(VolumeUnreadableException e) {
        log.error("volume unreadable", e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "storage-unreadable", "Volume unreadable", e.getMessage());
    }

    @ExceptionHandler(ChatFailedException.class)
    ResponseEntity<ProblemDetail> chatFailedResponse(ChatFailedException e) {
        ProblemDetail p = chatFailed(e);
        return ResponseEntity.status(p.getStatus()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    /** How a failed model call is reported; the trace of the failure is named so it can be looked at. */
    static ProblemDetail chatFailed(ChatFailedException e) {
        HttpStatus status = switch (e.kind()) {
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case OVERLOADED -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNREACHABLE -> HttpStatus.GATEWAY_TIMEOUT;
            case CANCELLED -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_GATEWAY;
        };
        String title = switch (e.kind()) {
            case RATE_LIMITED -> "Model rate limited";
            case OVERLOADED -> "Model overloaded";
            case UNREACHABLE -> "Model unreachable";
            case REJECTED -> "Model rejected the request";
            case STREAM_CUT -> "Model stream cut";
            case CANCELLED -> "Cancelled";
            default -> "Model error";
        };
        ProblemDetail p = problem(status, "model-" + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), title,
                "the model call failed: " + e.getMessage());
        if (e.traceId() != null) {
            p.setProperty("trace_id", e.traceId());
        }
        return p;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return badField("invalid-parameter", "Invalid parameter", "parameter '" + e.getName() + "' has the wrong type", e.getName());
    }

    /**
     * Tomcat decodes query and form parameters lazily and throws when one is not valid UTF-8 (e.g.
     * {@code ?limit=9%FF}): the caller's mistake, not ours. Found by {@code RequestBodyFuzzing}.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ProblemDetail undecodableParameter(org.apache.tomcat.util.http.InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                "a query or form parameter could not be decoded: use percent-encoded UTF-8");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "LLMos hit an unexpected error; it is in the server log");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
            }
            if (t instanceof RequestTimeoutException late) {
                return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT).header(HttpHeaders.CONNECTION, "close")
                        .body(problem(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout", late.getMessage()));
            }
        }
        String detail = e.getMostSpecificCause() instanceof tools.jackson.core.JacksonException jackson
                ? "malformed JSON body: " + jackson.getOriginalMessage() : "the request body is missing or not valid JSON";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed body", detail));
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPES + type));
        p.setTitle(title);
        return p;
    }

    @ExceptionHandler({AccessConflictException.class, EvolutionBusyException.class, DraftConflictException.class,
            SyncOffException.class, ConflictChangedException.class})
    ProblemDetail conflict(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler(dev.llmos.agent.InvalidAgentException.class)
    ProblemDetail invalidAgent(dev.llmos.agent.InvalidAgentException e) {
        return withErrors(problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-agent", "Invalid agent", e.getMessage()), e.problems());
    }

    /** Agent runs work through tool calls; without a model that makes them, a run would only pretend. */
    @ExceptionHandler(dev.llmos.agent.ToolsUnsupportedException.class)
    ProblemDetail toolsUnsupported(dev.llmos.agent.ToolsUnsupportedException e) {
        return problem(HttpStatus.CONFLICT, "tools-unsupported", "The model cannot call tools", e.getMessage());
    }

    /** Off: the route answers as if it did not exist. Wrong signature: 401, without a bearer challenge (the caller is a git server). */
    @ExceptionHandler(WebhookRefusedException.class)
    ProblemDetail webhookRefused(WebhookRefusedException e) {
        return e.configured()
                ? problem(HttpStatus.UNAUTHORIZED, "webhook-signature", "Webhook signature invalid", e.getMessage())
                : problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(DraftRefusedException.class)
    ProblemDetail draftRefused(DraftRefusedException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "draft-refused", "Draft refused by the gate", e.getMessage());
        p.setProperty("reasons", e.reasons());
        return p;
    }
}
