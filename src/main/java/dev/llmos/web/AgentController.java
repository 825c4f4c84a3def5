package dev.llmos.web;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.agent.ActiveRuns;
import dev.llmos.agent.Agent;
import dev.llmos.agent.AgentCatalog;
import dev.llmos.agent.AgentFiles;
import dev.llmos.agent.AgentNotFoundException;
import dev.llmos.agent.AgentRun;
import dev.llmos.agent.AgentRunner;
import dev.llmos.agent.RunNotFoundException;
import dev.llmos.agent.RunTrees;
import dev.llmos.volume.Author;
import dev.llmos.volume.VolumeId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Agents", description = "Agents defined in volumes (agents/{name}.md), runs that delegate to sub-agents, and run trees")
class AgentController {

    record AgentSummary(String name, String description, String model, List<String> skills, List<String> tools,
                        int maxSteps, String volume, String path) {
        static AgentSummary of(Agent a) {
            return new AgentSummary(a.name(), a.description(), a.model(), a.skills(), a.tools(), a.maxSteps(), a.volume(), a.path());
        }
    }

    /** {@code provider} and {@code toolsSupported} let a client say before a run that it would be refused (409). */
    record AgentList(int total, List<AgentSummary> agents, String provider, boolean toolsSupported) {
    }

    record AgentDetail(String name, String description, String model, List<String> skills, List<String> tools,
                       int maxSteps, String prompt, String volume, String path, String commit) {
        static AgentDetail of(Agent a) {
            return new AgentDetail(a.name(), a.description(), a.model(), a.skills(), a.tools(), a.maxSteps(), a.prompt(),
                    a.volume(), a.path(), a.commit());
        }
    }

    @Schema(description = "What to run. `task` is the request to the agent (`message` is accepted as a synonym); "
            + "`model` overrides the provider's default for agents that name none.")
    record RunBody(String userId, String teamId, String task, String message, String model) {
        String text() {
            return task != null ? task : message;
        }
    }

    @Schema(description = "The whole agent file (front matter and prompt) as `content`; `volume` is where to write it "
            + "(default: the caller's own; `team` or a volume path such as teams/red).")
    record PutAgentBody(String userId, String teamId, String volume, String content) {
    }

    record SavedAgent(AgentDetail agent, String commit, boolean created) {
    }

    record CancelReply(String runId, boolean cancelled) {
    }

    private final AgentCatalog agents;
    private final AgentRunner runner;
    private final RunTrees trees;
    private final ActiveRuns active;
    private final AgentStreams streams;
    private final AgentFiles files;
    private final CallerResolver callers;
    private final AccessPolicy access;

    AgentController(AgentCatalog agents, AgentRunner runner, RunTrees trees, ActiveRuns active, AgentStreams streams,
                    AgentFiles files, CallerResolver callers, AccessPolicy access) {
        this.files = files;
        this.agents = agents;
        this.runner = runner;
        this.trees = trees;
        this.active = active;
        this.streams = streams;
        this.callers = callers;
        this.access = access;
    }

    @GetMapping("/agents")
    @Operation(summary = "The agents visible to the caller", description = "Merged view: a user's agent hides a team's, which hides the system's with the same name. "
            + "`provider` and `tools_supported` say whether a run can start (false: runs are refused with 409 tools-unsupported).")
    AgentList list(@RequestParam(name = "user_id", required = false) String userId,
                   @RequestParam(name = "team_id", required = false) String teamId) {
        Principal who = callers.resolve(userId, teamId);
        List<AgentSummary> out = agents.visibleTo(who.userId(), who.teamId()).stream().map(AgentSummary::of).toList();
        return new AgentList(out.size(), out, runner.provider().name(), runner.provider().supportsTools());
    }

    @GetMapping("/agents/{name}")
    @Operation(summary = "One agent, with its prompt", description = "The one the caller would run: user over team over system.")
    AgentDetail show(@PathVariable String name, @RequestParam(name = "user_id", required = false) String userId,
                     @RequestParam(name = "team_id", required = false) String teamId) {
        Principal who = callers.resolve(userId, teamId);
        return AgentDetail.of(agents.find(name, who.userId(), who.teamId()).orElseThrow(() -> new AgentNotFoundException(name)));
    }

    @PutMapping("/agents/{name}")
    @Operation(summary = "Create or replace an agent in the caller's volume (or a team volume they may write)",
            description = "Validated first (422 with every problem, nothing written), then committed as agents/{name}.md.")
    ResponseEntity<SavedAgent> put(@PathVariable String name, @RequestBody PutAgentBody body) {
        Principal who = callers.resolve(body.userId(), body.teamId());
        VolumeId target = callers.target(who, body.volume());
        access.requireWrite(who, target);
        AgentFiles.Saved saved = files.put(target, name, body.content(), Author.user(who.userId()));
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new SavedAgent(AgentDetail.of(saved.agent()), saved.commit().id(), saved.created()));
    }

    @PostMapping(value = "/agents/{name}/run", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Run an agent, streamed as server-sent events",
            description = "Events: run (run_id, limits), agent (an agent starts), delta (text, with its trace_id), tool "
                    + "(delegate, load_skill, search_skills), agent_done (an agent's outcome), limit, usage, done, or error. "
                    + "Refused with 409 when the configured model cannot call tools. Closing the connection cancels every agent.")
    void run(@PathVariable String name, @RequestBody RunBody body, HttpServletResponse response) {
        Principal who = callers.resolve(body.userId(), body.teamId());
        access.requireScope(who, Scope.WRITE);
        who.ownVolume();
        AgentRun run = runner.start(new AgentRunner.RunRequest(who.userId(), who.teamId(), name, body.text(), body.model(), "agent"));
        streams.stream(run, response);
    }

    @GetMapping("/runs/{id}")
    @Operation(summary = "One of the caller's runs as a tree of its agents' traces, with totals",
            description = "status is running while the run goes on (finished agents show already), then the first agent's outcome.")
    RunTrees.RunTree tree(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId) {
        Principal who = callers.resolve(userId, null);
        who.ownVolume();
        return trees.tree(who.userId(), id);
    }

    @PostMapping("/runs/{id}/cancel")
    @Operation(summary = "Cancel one of the caller's runs in progress", description = "Every agent of the run stops; "
            + "each writes its trace with outcome cancelled. 404 when the run is not the caller's or is not running.")
    CancelReply cancel(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId) {
        Principal who = callers.resolve(userId, null);
        who.ownVolume();
        access.requireScope(who, Scope.WRITE);
        if (!active.cancel(who.userId(), id)) {
            throw new RunNotFoundException(id);
        }
        return new CancelReply(id, true);
    }
}
