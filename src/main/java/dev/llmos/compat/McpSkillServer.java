package dev.llmos.compat;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.servlet.http.HttpServlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillSelector;
import dev.llmos.skill.SkillTools;
import dev.llmos.trace.Feedback;
import dev.llmos.trace.TraceJournal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import reactor.core.publisher.Mono;

/**
 * The MCP server at {@code /mcp}: the official Java SDK's Streamable HTTP transport in its stateless
 * form (each POST stands alone, so any server instance can answer and nothing is kept per session).
 * Tools search and load skills ({@link SkillTools}, as chat and agents do: drafts are never served)
 * and record feedback; every skill the caller may be given is also a prompt, and through the skills
 * extension ({@link McpSkillsExtension}) an entry of {@code skills/list} whose files are resources
 * ({@code skill://{id}/SKILL.md} and the rest of its folder). Lists differ per caller, so prompts,
 * resources and skills are answered here from the caller's view rather than from the SDK's fixed
 * registries. The caller is the {@link Principal} the web layer put in the request attribute
 * {@link #PRINCIPAL}.
 */
public final class McpSkillServer implements AutoCloseable {

    public static final String PRINCIPAL = McpSkillServer.class.getName() + ".principal";
    private static final Logger log = LoggerFactory.getLogger(McpSkillServer.class);

    private final HttpServletStatelessServerTransport transport;
    private final McpStatelessSyncServer server;
    private final SkillTools tools;
    private final McpSkillsExtension skills;
    private final TraceJournal journal;
    private final AccessPolicy access;
    private final CompatSettings settings;
    private final McpJsonMapper json = McpJsonDefaults.getMapper();

    public McpSkillServer(SkillSelector selector, SkillCatalog catalog, TraceJournal journal, AccessPolicy access,
                          CompatSettings settings, String version) {
        this.tools = new SkillTools(catalog, selector);
        this.skills = new McpSkillsExtension(tools);
        this.journal = journal;
        this.access = access;
        this.settings = settings;
        this.transport = HttpServletStatelessServerTransport.builder().messageEndpoint("/mcp")
                .contextExtractor(request -> McpTransportContext.create(Map.of(PRINCIPAL, request.getAttribute(PRINCIPAL))))
                .build();
        McpStatelessServerTransport perCaller = new McpStatelessServerTransport() {
            @Override
            public void setMcpHandler(McpStatelessServerHandler handler) {
                transport.setMcpHandler(new PerCaller(handler));
            }

            @Override
            public Mono<Void> closeGracefully() {
                return transport.closeGracefully();
            }
        };
        this.server = McpServer.sync(perCaller).serverInfo("llmos", version)
                .instructions("LLMos skills: instructions written by the people and teams you work for. Search them with "
                        + "search_skills and load the one that fits with load_skill before starting a task.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).prompts(false).resources(false, false)
                        .extensions(Map.of(McpSkillsExtension.KEY, Map.of())).build())
                .tools(toolSpecs())
                .build();
    }

    /** The servlet the web layer hands each {@code /mcp} request to, after authenticating it. */
    public HttpServlet servlet() {
        return transport;
    }

    @Override
    public void close() {
        server.close();
    }

    private List<SyncToolSpecification> toolSpecs() {
        return List.of(
                tool("search_skills", "Find the skills that fit a task; returns ids and descriptions, best first.",
                        Map.of("query", str("what the task is about"), "limit", Map.of("type", "integer", "description", "at most this many (default 5)")),
                        List.of("query"), (who, a) -> tools.search(who.userId(), who.teamId(), arg(a, "query"),
                                a.get("limit") instanceof Number n ? n.intValue() : 5, settings.tokenBudget())),
                tool("load_skill", "The full instructions of one skill, by id.", Map.of("name", str("the skill id")),
                        List.of("name"), (who, a) -> tools.load(who.userId(), who.teamId(), arg(a, "name"), null)),
                tool("list_skill_files", "The other files of a folder skill (references, scripts, templates).",
                        Map.of("name", str("the skill id")), List.of("name"), (who, a) -> tools.files(who.userId(), who.teamId(), arg(a, "name"))),
                tool("read_skill_file", "One file of a folder skill, e.g. references/guide.md.",
                        Map.of("name", str("the skill id"), "file", str("a path listed by list_skill_files")), List.of("name", "file"),
                        (who, a) -> arg(a, "file") == null || arg(a, "file").isBlank()
                                ? new SkillTools.Answer("read_skill_file needs a 'file' (see list_skill_files)", true, null)
                                : tools.load(who.userId(), who.teamId(), arg(a, "name"), arg(a, "file"))),
                tool("record_feedback", "Thumbs up or down on one of your traces (the x-llmos-trace-id of a call through LLMos).",
                        Map.of("trace_id", str("the trace id"), "rating", Map.of("type", "string", "enum", List.of("up", "down")),
                                "comment", str("optional: why")), List.of("trace_id", "rating"),
                        (who, a) -> feedback(who, arg(a, "trace_id"), arg(a, "rating"), arg(a, "comment"))));
    }

    /** Feedback on one of the caller's traces (e.g. the {@code x-llmos-trace-id} of a compatible call); needs write. */
    private SkillTools.Answer feedback(Principal who, String traceId, String rating, String comment) {
        access.requireScope(who, Scope.WRITE);
        Feedback f = journal.feedback(who.userId(), traceId, rating, comment);
        return new SkillTools.Answer("Recorded '" + f.rating() + "' on trace " + f.traceId() + ".", false, null);
    }

    private static String arg(Map<String, Object> args, String name) {
        Object v = args == null ? null : args.get(name);
        return v == null ? null : String.valueOf(v);
    }

    private static Map<String, Object> str(String description) {
        return Map.of("type", "string", "description", description);
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> properties,
                                              List<String> required,
                                              BiFunction<Principal, Map<String, Object>, SkillTools.Answer> run) {
        McpSchema.Tool tool = new McpSchema.Tool.Builder().name(name).description(description)
                .inputSchema(Map.of("type", "object", "properties", properties, "required", required)).build();
        return new SyncToolSpecification(tool, (context, request) -> {
            try {
                SkillTools.Answer answer = run.apply(caller(context), request.arguments() == null ? Map.of() : request.arguments());
                return new McpSchema.CallToolResult.Builder().addTextContent(answer.text()).isError(answer.error()).build();
            } catch (RuntimeException e) {
                // A refusal or a bad argument is the model's to read, not a protocol failure.
                return new McpSchema.CallToolResult.Builder().addTextContent(String.valueOf(e.getMessage())).isError(true).build();
            }
        });
    }

    private static Principal caller(McpTransportContext context) {
        return (Principal) context.get(PRINCIPAL);
    }

    /** Prompts, resources and skills from the caller's own view; everything else goes to the SDK's handler. */
    private final class PerCaller implements McpStatelessServerHandler {
        private final McpStatelessServerHandler sdk;

        PerCaller(McpStatelessServerHandler sdk) {
            this.sdk = sdk;
        }

        @Override
        public Mono<McpSchema.JSONRPCResponse> handleRequest(McpTransportContext context, McpSchema.JSONRPCRequest request) {
            Principal who = caller(context);
            try {
                Object result = switch (request.method()) {
                    case McpSchema.METHOD_PROMPT_LIST -> new McpSchema.ListPromptsResult(tools.servable(who.userId(), who.teamId()).stream()
                            .map(s -> new McpSchema.Prompt(s.id(), s.name(), s.description(), List.of(
                                    new McpSchema.PromptArgument("task", "what to apply the skill to", false))))
                            .toList(), null);
                    case McpSchema.METHOD_PROMPT_GET -> prompt(who, json.convertValue(request.params(), McpSchema.GetPromptRequest.class));
                    case McpSchema.METHOD_RESOURCES_LIST -> skills.resources(who, request.params());
                    case McpSchema.METHOD_RESOURCES_READ -> skills.read(who, request.params());
                    case McpSkillsExtension.LIST -> skills.list(who, request.params());
                    case McpSkillsExtension.GET -> skills.get(who, request.params());
                    default -> null;
                };
                if (result == null) {
                    return sdk.handleRequest(context, request);
                }
                return Mono.just(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null));
            } catch (IllegalArgumentException e) {
                return error(request, McpSchema.ErrorCodes.INVALID_PARAMS, e.getMessage());
            } catch (RuntimeException e) {
                // A volume that cannot be read, say: the caller gets JSON-RPC's internal error, the log the cause.
                log.error("MCP {} failed", request.method(), e);
                return error(request, McpSchema.ErrorCodes.INTERNAL_ERROR, "internal error; the server's log has the cause");
            }
        }

        private static Mono<McpSchema.JSONRPCResponse> error(McpSchema.JSONRPCRequest request, int code, String message) {
            return Mono.just(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), null,
                    new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null)));
        }

        @Override
        public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
            return sdk.handleNotification(context, notification);
        }

        private McpSchema.GetPromptResult prompt(Principal who, McpSchema.GetPromptRequest request) {
            Skill s = tools.find(who.userId(), who.teamId(), request.name())
                    .orElseThrow(() -> new IllegalArgumentException("no skill named '" + request.name() + "' is available"));
            Object task = request.arguments() == null ? null : request.arguments().get("task");
            String text = "Follow this skill.\n\n" + SkillTools.instructions(s)
                    + (task == null || String.valueOf(task).isBlank() ? "" : "\n\nTask: " + task);
            return new McpSchema.GetPromptResult(s.description(), List.of(
                    new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
        }
    }
}
