package dev.llmos.evolution;

/** Hears how a run is going: a phase ({@code loading traces}, {@code embedding}, ...) and, where counted, done of total. */
@FunctionalInterface
public interface EvolutionProgress {

    void report(String phase, int done, int total);

    EvolutionProgress NONE = (phase, done, total) -> { };
}
