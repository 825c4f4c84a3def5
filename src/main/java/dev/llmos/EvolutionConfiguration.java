package dev.llmos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import dev.llmos.access.Accounts;
import dev.llmos.access.AuthMode;
import dev.llmos.access.Callers;
import dev.llmos.evolution.EvolutionBusyException;
import dev.llmos.evolution.EvolutionProgress;
import dev.llmos.evolution.EvolutionService;
import dev.llmos.evolution.PatternDetector;
import dev.llmos.evolution.SkillDrafter;
import dev.llmos.llm.LlmProvider;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.VolumeStore;

/** Wires evolution and runs it nightly ({@code LLMOS_EVOLVE_CRON}, default 02:00 server time). */
@Configuration(proxyBeanMethods = false)
class EvolutionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EvolutionConfiguration.class);

    @Bean
    SkillDrafter skillDrafter(LlmProvider provider) {
        return new SkillDrafter(provider);
    }

    @Bean
    EvolutionService evolutionService(VolumeStore store, SkillCatalog catalog, TraceReader reader, SkillEmbeddings embeddings,
                                      SkillDrafter drafter,
                                      @Value("${llmos.evolution.min-pattern-count}") int minCount,
                                      @Value("${llmos.evolution.min-success-rate}") double minSuccessRate) {
        EvolutionService service = new EvolutionService(store, catalog, reader, embeddings, drafter,
                new PatternDetector.Settings(minCount, minSuccessRate));
        log.info("Evolution: patterns of at least {} requests, {}% successful; drafts by {}", minCount,
                Math.round(minSuccessRate * 100), drafter.name());
        return service;
    }

    @Bean
    NightlyEvolution nightlyEvolution(EvolutionService evolution, Callers callers, Accounts accounts) {
        return new NightlyEvolution(evolution, callers, accounts);
    }

    /** Every user volume with traces that changed since its last run, one user after another. */
    static final class NightlyEvolution {

        private final EvolutionService evolution;
        private final Callers callers;
        private final Accounts accounts;

        NightlyEvolution(EvolutionService evolution, Callers callers, Accounts accounts) {
            this.evolution = evolution;
            this.callers = callers;
            this.accounts = accounts;
        }

        @Scheduled(cron = "${llmos.evolve-cron}")
        void run() {
            long start = System.nanoTime();
            int ran = 0;
            for (String user : evolution.users()) {
                try {
                    var report = evolution.runIfChanged(user, this::stillMember, EvolutionProgress.NONE);
                    if (report.isPresent()) {
                        ran++;
                        log.info("Nightly evolution for {}: {} traces, {} patterns, {} new drafts, {} proposals",
                                user, report.get().tracesAnalyzed(), report.get().patternsDetected(),
                                report.get().skillsCreated(), report.get().proposals());
                    }
                } catch (EvolutionBusyException e) {
                    log.info("Nightly evolution for {} skipped: a run is under way", user);
                } catch (RuntimeException e) {
                    log.warn("Nightly evolution for {} failed: {}", user, e.getMessage());
                }
            }
            log.info("Nightly evolution: {} users run in {} ms", ran, (System.nanoTime() - start) / 1_000_000);
        }

        /**
         * The team of the user's latest trace, if they still belong to it: a proposal shows the team
         * skill it would change, which someone who left the team must not see. Local mode trusts teams
         * the directory does not know, as requests do.
         */
        private String stillMember(String user, String team) {
            if (team == null) {
                return null;
            }
            boolean member = accounts.teamsOf(user).stream().anyMatch(t -> t.id().equals(team));
            boolean unknownInLocal = callers.mode() == AuthMode.LOCAL && accounts.team(team).isEmpty();
            return member || unknownInLocal ? team : null;
        }
    }
}
