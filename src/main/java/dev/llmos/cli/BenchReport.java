package dev.llmos.cli;

/** Where a benchmark scenario puts each figure it measures. */
@FunctionalInterface
interface BenchReport {
    void report(String name, double value, String unit);
}
