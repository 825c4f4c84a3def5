package dev.llmos.web;

import java.util.List;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.trace.ConversationList;
import dev.llmos.volume.CommitInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Conversations", description = "The caller's conversations (chats, agent runs, compatibility calls): list, search, "
        + "rename, delete. Titles and deletions are kept in the caller's volume; traces are never rewritten")
class ConversationController {

    record ConversationPage(int total, List<ConversationList.Summary> conversations) {
    }

    @Schema(description = "A title of the caller's own: one line, 1-200 characters")
    record TitleBody(String userId, String title) {
    }

    record Deleted(String conversationId, boolean deleted, CommitInfo commit) {
    }

    private final ConversationList conversations;
    private final CallerResolver callers;
    private final AccessPolicy access;

    ConversationController(ConversationList conversations, CallerResolver callers, AccessPolicy access) {
        this.conversations = conversations;
        this.callers = callers;
        this.access = access;
    }

    @GetMapping("/conversations")
    @Operation(summary = "The caller's conversations, newest activity first",
            description = "Each with kind (chat; agent: one entry per run, its id the run's; api: a compatibility call), title "
                    + "(their own, else the first question's first line), started, updated, turns and model. `q` keeps those "
                    + "whose title, questions or answers contain it, any case, each with `match`: the piece that matched. "
                    + "Deleted conversations are left out.")
    ConversationPage list(@RequestParam(name = "user_id", required = false) String userId,
                          @Parameter(description = "chat, agent, api or all (default)") @RequestParam(required = false) String kind,
                          @RequestParam(name = "q", required = false) String query,
                          @RequestParam(defaultValue = "100") int limit) {
        Principal who = callers.resolve(userId, null);
        List<ConversationList.Summary> page = conversations.list(who.ownVolume().name(), kind, query, Pages.limit(limit));
        return new ConversationPage(page.size(), page);
    }

    @GetMapping("/conversations/{id}")
    @Operation(summary = "One conversation: its current thread, each turn with its feedback and the earlier versions it replaced",
            description = "A turn that regenerated an answer or resent an edited question (`replaces` in the chat body) takes the "
                    + "place of the turn it replaces, and of the turns after that one.")
    ConversationList.Detail show(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId) {
        Principal who = callers.resolve(userId, null);
        return conversations.open(who.ownVolume().name(), id);
    }

    @PutMapping("/conversations/{id}/title")
    @Operation(summary = "Rename a conversation", description = "Recorded in the caller's volume (conversations/{id}.json), one commit.")
    ConversationList.Summary rename(@PathVariable String id, @RequestBody TitleBody body) {
        Principal who = callers.resolve(body.userId(), null);
        String user = who.ownVolume().name();
        access.requireScope(who, Scope.WRITE);
        return conversations.rename(user, id, body.title());
    }

    @DeleteMapping("/conversations/{id}")
    @Operation(summary = "Delete a conversation from the caller's lists",
            description = "Recorded in the caller's volume, one commit; the traces stay (history is never rewritten). "
                    + "A conversation continued after that shows again.")
    Deleted delete(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId) {
        Principal who = callers.resolve(userId, null);
        String user = who.ownVolume().name();
        access.requireScope(who, Scope.WRITE);
        return new Deleted(id, true, conversations.delete(user, id));
    }
}
