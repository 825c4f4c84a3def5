package dev.llmos.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks and print their figures.")
final class BenchCommand implements Runnable {
    @Override
    public void run() {
    }
}
