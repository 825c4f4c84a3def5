package dev.llmos;

import dev.llmos.cli.LlmosCommand;
import picocli.CommandLine;

/** The launcher behind {@code llmos}: every face of LLMos (server, CLI, bench) starts here. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine cli = LlmosCommand.commandLine(LlmosApplication.class);
        int code = cli.execute(args.length == 0 ? new String[] {"serve"} : args);
        if (code != 0 || !LlmosCommand.isServe(cli)) {
            System.exit(code); // the server keeps running on its own threads
        }
    }
}
