package dev.llmos;

import dev.llmos.cli.LlmosCommand;
import picocli.CommandLine;

/** The launcher behind {@code llmos}: every face of LLMos (server, CLI, bench) starts here. */
public final class Main {

    private Main() {
    }

    /** {@code llmos} and {@code llmos --port 9000} mean {@code llmos serve ...}. */
    static String[] withDefaultCommand(String[] args) {
        boolean optionsOnly = args.length == 0 || (args[0].startsWith("-") && !java.util.List.of("-h", "--help", "-V", "--version").contains(args[0]));
        if (!optionsOnly) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "serve";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    public static void main(String[] args) {
        CommandLine cli = LlmosCommand.commandLine(LlmosApplication.class);
        int code = cli.execute(withDefaultCommand(args));
        if (code != 0 || !LlmosCommand.isServe(cli)) {
            System.exit(code); // the server keeps running on its own threads
        }
    }
}
