package dev.llmos.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.agent.AgentRunner;
import dev.llmos.chat.ChatFailedException;
import dev.llmos.chat.ChatListener;
import dev.llmos.chat.ChatRequest;
import dev.llmos.chat.ChatResult;
import dev.llmos.chat.ChatService;
import dev.llmos.chat.InvalidChatRequestException;
import dev.llmos.llm.Cancellation;
import dev.llmos.skill.Skill;
import dev.llmos.trace.Trace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.ObjectMapper;

@RestController
@Tag(name = "Chat", description = "Chat with skills injected; every exchange is saved as a trace")
class ChatController {

    @Schema(description = "The seed's chat body. include_skills defaults to true, max_skills to 5. "
            + "agent (only on /chat/stream) runs the message through that agent instead: the stream is an agent run's (docs/agents.md). "
            + "replaces (with conversation_id): a turn to answer again (regenerate: send its message) or to ask anew (edit and "
            + "resend): the model sees the conversation as it was before that turn, which leaves the current thread with "
            + "those after it (GET /conversations/{id})")
    record ChatBody(String userId, String teamId, String message, Boolean includeSkills, Integer maxSkills,
                    String conversationId, String model, String agent, String replaces) {

        boolean throughAgent() {
            return agent != null && !agent.isBlank();
        }

        ChatRequest toRequest(String source, Principal who) {
            return new ChatRequest(who.userId(), who.teamId(), message, includeSkills == null || includeSkills,
                    maxSkills == null ? 5 : maxSkills, conversationId, model, source, replaces);
        }
    }

    record ChatReply(String response, List<String> skillsUsed, String traceId, String conversationId,
                     List<Trace.SkillRef> skills, String provider, String model, Trace.TokenUsage usage, double costUsd,
                     long latencyMs) {

        static ChatReply of(ChatResult r) {
            return new ChatReply(r.response(), r.skillsUsed(), r.traceId(), r.conversationId(), r.skills(), r.provider(),
                    r.model(), r.usage(), r.costUsd(), r.latencyMs());
        }
    }

    record SkillsEvent(List<Trace.SkillRef> skills, List<Map<String, String>> manifest) {
    }

    record DeltaEvent(String text) {
    }

    record UsageEvent(Trace.TokenUsage usage, double costUsd, String provider, String model) {
    }

    record DoneEvent(String traceId, String conversationId, List<String> skillsUsed, long latencyMs, String stopReason) {
    }

    record ErrorEvent(String type, String title, String detail, String traceId) {
    }

    private final ChatService chat;
    private final ObjectMapper json;
    private final CallerResolver callers;
    private final AccessPolicy access;
    private final AgentRunner agents;
    private final AgentStreams agentStreams;

    ChatController(ChatService chat, ObjectMapper json, CallerResolver callers, AccessPolicy access, AgentRunner agents,
                   AgentStreams agentStreams) {
        this.chat = chat;
        this.json = json;
        this.callers = callers;
        this.access = access;
        this.agents = agents;
        this.agentStreams = agentStreams;
    }

    /** Chatting writes a trace and spends tokens: it needs a write credential. */
    private Principal caller(ChatBody body) {
        Principal who = callers.resolve(body.userId(), body.teamId());
        access.requireScope(who, Scope.WRITE);
        return who;
    }

    @PostMapping(value = "/chat", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Chat with skills", description = "The seed's /chat. Returns once the answer is complete and its trace is durable.")
    ChatReply chat(@RequestBody ChatBody body) {
        if (body.throughAgent()) {
            throw new InvalidChatRequestException("agent", "an agent run streams its steps: use /chat/stream or POST /agents/{name}/run");
        }
        return ChatReply.of(chat.chat(body.toRequest("chat", caller(body)), ChatListener.NONE, new Cancellation()));
    }

    @PostMapping(value = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Chat with skills, streamed as server-sent events",
            description = "Events: skills (chosen skills and the manifest), delta (text), usage, done (trace_id, conversation_id), "
                    + "or error (problem fields and trace_id). Closing the connection cancels the model call.")
    void stream(@RequestBody ChatBody body, HttpServletResponse response) {
        if (body.throughAgent()) {
            Principal who = caller(body);
            who.ownVolume();
            agentStreams.stream(agents.start(new AgentRunner.RunRequest(who.userId(), who.teamId(), body.agent().strip(),
                    body.message(), body.model(), "agent")), response);
            return;
        }
        ChatRequest request = body.toRequest("chat-stream", caller(body));
        Cancellation cancellation = new Cancellation();
        SseWriter sse = new SseWriter(response, json, cancellation::cancel);
        ChatListener listener = new ChatListener() {
            @Override
            public void onSkills(List<Trace.SkillRef> chosen, List<Skill> manifest) {
                sse.send("skills", new SkillsEvent(chosen, manifest.stream()
                        .map(s -> Map.of("id", s.id(), "name", s.name(), "description", s.description() == null ? "" : s.description()))
                        .toList()));
            }

            @Override
            public void onText(String delta) {
                sse.send("delta", new DeltaEvent(delta));
            }
        };
        try {
            ChatResult result = chat.chat(request, listener, cancellation);
            sse.send("usage", new UsageEvent(result.usage(), result.costUsd(), result.provider(), result.model()));
            sse.send("done", new DoneEvent(result.traceId(), result.conversationId(), result.skillsUsed(), result.latencyMs(),
                    result.stopReason()));
        } catch (ChatFailedException e) {
            if (!sse.started()) {
                throw e;
            }
            var problem = ProblemHandler.chatFailed(e);
            sse.send("error", new ErrorEvent(String.valueOf(problem.getType()), problem.getTitle(), problem.getDetail(), e.traceId()));
        } catch (RuntimeException e) {
            if (!sse.started()) {
                throw e; // nothing sent yet: a normal problem+json answer
            }
            sse.send("error", new ErrorEvent("https://llmos.dev/problems/internal", "Internal error",
                    "the chat failed after it started streaming", null));
        }
    }
}
