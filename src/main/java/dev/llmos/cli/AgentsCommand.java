package dev.llmos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.llmos.agent.Agent;
import dev.llmos.agent.AgentCatalog;
import dev.llmos.agent.AgentParser;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillText;
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
                            SkillText.oneLine(a.description(), 80));
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
            FileCheck.Tally tally = FileCheck.run(paths, false, p -> p.getFileName().toString().endsWith(".md"), file -> {
                // Read as it would be stored, so the name is checked against the file name.
                String name = file.getFileName().toString();
                return FileCheck.naming(file.toString(),
                        AgentParser.parse("agents/" + name, Files.readString(file, StandardCharsets.UTF_8)).problems());
            });
            System.out.println(Count.of(tally.files(), "file") + " checked: " + Count.of(tally.errors(), "error"));
            return tally.errors() == 0 ? 0 : 1;
        }
    }
}
