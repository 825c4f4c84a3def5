package dev.llmos.web;

import java.time.LocalDate;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.trace.Feedback;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.VolumeId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Traces", description = "The caller's saved exchanges, feedback on them, and usage")
class TraceController {

    record TraceList(int total, List<TraceReader.TraceView> traces) {
    }

    record FeedbackBody(String userId, String rating, String comment) {
    }

    @Schema(description = "input_tokens, output_tokens and the cache counts are what providers billed; estimated_input_tokens "
            + "are what offline exchanges would have sent (no model answered them, nothing was billed)")
    record UsageReport(String userId, List<TraceReader.UsageRow> days, long requests, long modelCalls, long inputTokens,
                       long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens, long estimatedInputTokens,
                       double costUsd) {
    }

    private final TraceReader reader;
    private final TraceJournal journal;
    private final CallerResolver callers;
    private final AccessPolicy access;

    TraceController(TraceReader reader, TraceJournal journal, CallerResolver callers, AccessPolicy access) {
        this.reader = reader;
        this.journal = journal;
        this.callers = callers;
        this.access = access;
    }

    @GetMapping("/traces")
    @Operation(summary = "The caller's traces, newest first", description = "Optionally only one conversation.")
    TraceList list(@RequestParam(name = "user_id", required = false) String userId,
                   @RequestParam(name = "conversation_id", required = false) String conversationId,
                   @RequestParam(defaultValue = "50") int limit) {
        Principal who = callers.resolve(userId, null);
        who.ownVolume();
        List<TraceReader.TraceView> traces = reader.list(who.userId(), conversationId, Pages.limit(limit));
        return new TraceList(traces.size(), traces);
    }

    @GetMapping("/traces/{id}")
    @Operation(summary = "One of the caller's traces, with its feedback")
    TraceReader.TraceView show(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId) {
        Principal who = callers.resolve(userId, null);
        who.ownVolume();
        return reader.get(who.userId(), id);
    }

    @PostMapping("/traces/{id}/feedback")
    @Operation(summary = "Thumbs up or down on one of the caller's traces, with an optional comment",
            description = "Saved beside the trace (the trace itself is never rewritten); giving feedback again replaces it.")
    Feedback feedback(@PathVariable String id, @RequestBody FeedbackBody body) {
        Principal who = callers.resolve(body.userId(), null);
        who.ownVolume();
        access.requireScope(who, Scope.WRITE);
        return journal.feedback(who.userId(), id, body.rating(), body.comment());
    }

    @GetMapping("/usage")
    @Operation(summary = "The caller's tokens and cost by day (UTC) and model", description = "from and to are ISO dates, inclusive. Admins (admin credential) may ask `for_user` anyone, for operations.")
    UsageReport usage(@RequestParam(name = "user_id", required = false) String userId,
                      @RequestParam(name = "for_user", required = false) String forUser,
                      @RequestParam(required = false) LocalDate from,
                      @RequestParam(required = false) LocalDate to) {
        Principal who = callers.resolve(userId, null);
        String subject = forUser == null || forUser.isBlank() ? who.ownVolume().name()
                : VolumeId.requireValidName(forUser, "for_user");
        access.requireOperationsOn(who, subject);
        List<TraceReader.UsageRow> rows = reader.usage(subject, from, to);
        return new UsageReport(subject, rows, rows.stream().mapToLong(TraceReader.UsageRow::requests).sum(),
                rows.stream().mapToLong(TraceReader.UsageRow::modelCalls).sum(),
                rows.stream().mapToLong(TraceReader.UsageRow::inputTokens).sum(),
                rows.stream().mapToLong(TraceReader.UsageRow::outputTokens).sum(),
                rows.stream().mapToLong(TraceReader.UsageRow::cacheCreationInputTokens).sum(),
                rows.stream().mapToLong(TraceReader.UsageRow::cacheReadInputTokens).sum(),
                rows.stream().mapToLong(TraceReader.UsageRow::estimatedInputTokens).sum(),
                rows.stream().mapToDouble(TraceReader.UsageRow::costUsd).sum());
    }
}
