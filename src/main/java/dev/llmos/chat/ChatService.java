package dev.llmos.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmos.llm.Cancellation;
import dev.llmos.llm.LlmException;
import dev.llmos.llm.LlmMessage;
import dev.llmos.llm.LlmProvider;
import dev.llmos.llm.LlmRequest;
import dev.llmos.llm.LlmResponse;
import dev.llmos.llm.LlmTool;
import dev.llmos.llm.PriceTable;
import dev.llmos.llm.Usage;
import dev.llmos.skill.Selection;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillSelector;
import dev.llmos.skill.SkillTools;
import dev.llmos.trace.ConversationList;
import dev.llmos.trace.ConversationThread;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.VolumeId;

/**
 * One chat, end to end: choose skills, assemble the prompt, ask the model (streaming), let it
 * load more skills if it wants, and save the exchange as a durable trace before answering.
 */
public final class ChatService {

    static final String LOAD_SKILL = "load_skill";

    private final SkillSelector selector;
    private final SkillTools skillTools;
    private final LlmProvider provider;
    private final PriceTable prices;
    private final TraceJournal journal;
    private final Conversations conversations;
    private final ChatSettings settings;

    public ChatService(SkillSelector selector, SkillCatalog catalog, LlmProvider provider,
                       PriceTable prices, TraceJournal journal, TraceReader reader, ChatSettings settings) {
        this.selector = selector;
        this.skillTools = new SkillTools(catalog, selector);
        this.provider = provider;
        this.prices = prices;
        this.journal = journal;
        this.conversations = new Conversations(reader);
        this.settings = settings;
    }

    public LlmProvider provider() {
        return provider;
    }

    public ChatResult chat(ChatRequest request, ChatListener listener, Cancellation cancellation) {
        String message = validate(request);
        VolumeId.requireValidName(request.userId(), "user_id");
        boolean continuing = request.conversationId() != null && !request.conversationId().isBlank();
        String conversationId = continuing ? ConversationList.requireValid(request.conversationId()) : conversations.newId();
        long start = System.nanoTime();
        Instant time = Instant.now();

        List<Trace> history = thread(request, conversationId, continuing);
        Selection selection = request.includeSkills()
                ? selector.select(request.userId(), request.teamId(), message, continued(history),
                        Math.max(0, request.maxSkills()), settings.skillTokenBudget())
                : new Selection(List.of(), List.of(), Map.of(), List.of(), 0);
        List<Trace.SkillRef> used = new ArrayList<>();
        for (Skill s : selection.chosen()) {
            used.add(new Trace.SkillRef(s.id(), s.name(), s.volume(), s.commit(), selection.reasons().getOrDefault(s.id(), "retrieved")));
        }
        listener.onSkills(List.copyOf(used), selection.manifest());

        // The tool is always offered where supported: the model may want a listed skill or a reference file.
        boolean tools = provider.supportsTools();
        List<LlmMessage> messages = new ArrayList<>(PromptAssembler.messages(history, message, settings.maxHistoryTurns()));
        List<String> names = selection.chosen().stream().map(Skill::name).toList();
        var system = PromptAssembler.system(selection.chosen(), selection.manifest(), tools);

        StringBuilder answer = new StringBuilder();
        Usage usage = Usage.NONE;
        String model = request.model() == null || request.model().isBlank() ? provider.defaultModel() : request.model();
        String stopReason = null;
        try {
            for (int round = 0; ; round++) {
                LlmRequest call = new LlmRequest(model, system, messages, settings.maxOutputTokens(),
                        tools ? List.of(loadSkillTool()) : List.of(), names, cancellation);
                LlmResponse response = provider.stream(call, delta -> {
                    answer.append(delta);
                    listener.onText(delta);
                });
                usage = usage.plus(response.usage());
                model = response.model() == null ? model : response.model();
                stopReason = response.stopReason();
                if (!"tool_use".equals(stopReason) || response.toolUses().isEmpty() || round >= settings.maxToolRounds()) {
                    break;
                }
                messages.add(response.asAssistantTurn());
                List<LlmMessage.Content> results = new ArrayList<>();
                for (LlmMessage.ToolUse use : response.toolUses()) {
                    results.add(runTool(request, use, used));
                }
                messages.add(new LlmMessage(LlmMessage.Role.USER, results));
            }
        } catch (LlmException e) {
            long latency = (System.nanoTime() - start) / 1_000_000;
            Trace failed = trace(request, time, conversationId, message, answer.toString(), used, model, usage, latency,
                    "error", e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
            String traceId = null;
            try {
                traceId = journal.append(failed).id();
            } catch (RuntimeException storage) {
                e.addSuppressed(storage);
            }
            throw new ChatFailedException(e, traceId);
        }
        long latency = (System.nanoTime() - start) / 1_000_000;
        Trace trace = journal.append(trace(request, time, conversationId, message, answer.toString(), used, model, usage,
                latency, "ok", null));
        conversations.add(trace);
        return new ChatResult(trace.response(), used, trace.id(), conversationId, provider.name(), model, trace.usage(),
                trace.costUsd(), latency, stopReason);
    }

    /**
     * The conversation as the model is to see it: its current thread ({@link ConversationThread}), and
     * for a turn that replaces another, only what came before that one.
     */
    private List<Trace> thread(ChatRequest request, String conversationId, boolean continuing) {
        List<Trace> thread = ConversationThread.current(conversations.history(request.userId(), conversationId, continuing));
        String replaces = blankToNull(request.replaces());
        if (replaces == null) {
            return thread;
        }
        if (!continuing) {
            throw new InvalidChatRequestException("replaces", "needs the conversation_id of the turn it replaces");
        }
        for (int i = 0; i < thread.size(); i++) {
            if (thread.get(i).id().equals(replaces)) {
                return thread.subList(0, i);
            }
        }
        throw new InvalidChatRequestException("replaces", "'" + replaces + "' is not a turn of conversation " + conversationId
                + " as it reads now");
    }

    /** The skills the conversation's last turn used (not always-on ones, which come by themselves), by id. */
    private static List<String> continued(List<Trace> history) {
        if (history.isEmpty()) {
            return List.of();
        }
        return history.get(history.size() - 1).skills().stream()
                .filter(s -> !Selection.ALWAYS_ON.equals(s.reason()))
                .map(Trace.SkillRef::id).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private String validate(ChatRequest request) {
        String message = request.message();
        if (message == null || message.isBlank()) {
            throw new InvalidChatRequestException("message", "must not be empty");
        }
        if (message.length() > settings.maxMessageChars()) {
            throw new InvalidChatRequestException("message", "is longer than " + settings.maxMessageChars() + " characters");
        }
        if (request.maxSkills() < 0 || request.maxSkills() > 50) {
            throw new InvalidChatRequestException("max_skills", "must be between 0 and 50");
        }
        return message;
    }

    private Trace trace(ChatRequest request, Instant time, String conversationId, String message, String answer,
                        List<Trace.SkillRef> used, String model, Usage usage, long latency, String outcome, String error) {
        Trace.TokenUsage tokens = new Trace.TokenUsage(usage.inputTokens(), usage.outputTokens(),
                usage.cacheCreationInputTokens(), usage.cacheReadInputTokens());
        return new Trace(journal.newId(time), time, request.userId(), request.teamId(), conversationId,
                request.source() == null ? "chat" : request.source(), message, answer, used, provider.name(), model,
                tokens, prices.cost(model, usage), latency, outcome, error, null, null, null, null, blankToNull(request.replaces()));
    }

    static LlmTool loadSkillTool() {
        return new LlmTool(LOAD_SKILL,
                "Load the full instructions of a skill listed as available, or one file of a skill folder "
                        + "(e.g. references/guide.md). Use it when a listed skill fits the request better than those given.",
                Map.of("type", "object",
                        "properties", Map.of(
                                "name", Map.of("type", "string", "description", "the skill id, e.g. code-review"),
                                "file", Map.of("type", "string", "description", "optional: a file inside the skill's folder")),
                        "required", List.of("name")));
    }

    /** Runs load_skill over what the user can see, never beyond it, and never a draft. */
    private LlmMessage.ToolResult runTool(ChatRequest request, LlmMessage.ToolUse use, List<Trace.SkillRef> used) {
        if (!LOAD_SKILL.equals(use.name())) {
            return new LlmMessage.ToolResult(use.id(), "unknown tool " + use.name(), true);
        }
        Object file = use.input().get("file");
        SkillTools.Answer answer = skillTools.load(request.userId(), request.teamId(),
                String.valueOf(use.input().getOrDefault("name", "")), file == null ? null : String.valueOf(file));
        Skill s = answer.served();
        if (s != null && used.stream().noneMatch(r -> r.id().equals(s.id()))) {
            used.add(new Trace.SkillRef(s.id(), s.name(), s.volume(), s.commit(), "loaded"));
        }
        return new LlmMessage.ToolResult(use.id(), answer.text(), answer.error());
    }
}
