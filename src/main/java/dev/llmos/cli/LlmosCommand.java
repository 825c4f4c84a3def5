package dev.llmos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "llmos", mixinStandardHelpOptions = true, version = "LLMos 0.1.0",
        description = "Self-hosted, git-backed, skills-driven LLM platform.",
        subcommands = {ServeCommand.class, SkillsCommand.class, AccessCommands.UserCommand.class,
                AccessCommands.TeamCommand.class, AccessCommands.TokenCommand.class, BenchCommand.class, EvolveCommand.class, AgentsCommand.class})
public final class LlmosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line with {@code serve} bound to the given Spring application class. */
    public static CommandLine commandLine(Class<?> application) {
        CommandLine cli = new CommandLine(new LlmosCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == ServeCommand.class) {
                    return cls.cast(new ServeCommand(application));
                }
                if (cls == BenchCommand.class) {
                    return cls.cast(new BenchCommand(application));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    public static boolean isServe(CommandLine cli) {
        var parsed = cli.getParseResult();
        return parsed != null && parsed.subcommand() != null
                && parsed.subcommand().commandSpec().name().equals("serve")
                && !parsed.subcommand().isUsageHelpRequested();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
