package dev.llmos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.llmos.agent.Agent;
import dev.llmos.agent.AgentCatalog;
import dev.llmos.agent.AgentParser;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillProblem;
import dev.llmos.volume.VolumeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "agents", mixinStandardHelpOptions = true, description = "List and validate agents (agents/{name}.md).",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.ValidateAgents.class})
final class AgentsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agents a user sees (user > team > system).")
    static final class ListAgents implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        SkillsCommand.VolumesOption where = new SkillsCommand.VolumesOption();
        @Option(names = "--user", description = "User id.")
        String user;
        @Option(names = "--team", description = "Team id.")
        String team;

        @Override
        public Integer call() {
            try (VolumeStore store = new VolumeStore(where.volumes)) {
                List<Agent> agents = new AgentCatalog(store, new SkillCatalog(store)).visibleTo(user, team);
                for (Agent a : agents) {
                    System.out.printf("%-24s %-16s %-40s %s%n", a.name(), a.volume(), String.join(",", a.tools()),
                            SkillsCommand.oneLine(a.description(), 80));
                }
                System.out.println(agents.size() + " agents");
                return 0;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check agent files (a file, or the .md files of a folder); exit 1 on errors, each naming file:line and field.")
    static final class ValidateAgents implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders.")
        List<Path> paths;

        @Override
        public Integer call() throws IOException {
            int files = 0;
            int errors = 0;
            for (Path root : paths) {
                List<Path> candidates;
                if (Files.isDirectory(root)) {
                    try (Stream<Path> walk = Files.list(root)) {
                        candidates = walk.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
                    }
                } else if (Files.isRegularFile(root)) {
                    candidates = List.of(root);
                } else {
                    System.err.println(root + ": no such file or folder");
                    errors++;
                    continue;
                }
                for (Path file : candidates) {
                    files++;
                    String name = file.getFileName().toString();
                    // Read as it would be stored, so the name is checked against the file name.
                    AgentParser.Result r = AgentParser.parse("agents/" + name, Files.readString(file, StandardCharsets.UTF_8));
                    for (SkillProblem p : r.problems()) {
                        SkillProblem shown = new SkillProblem(file.toString(), p.field(), p.line(), p.severity(), p.message());
                        (p.isError() ? System.err : System.out).println(shown);
                        errors += p.isError() ? 1 : 0;
                    }
                }
            }
            System.out.println(files + " files checked: " + errors + " errors");
            return errors == 0 ? 0 : 1;
        }
    }
}
