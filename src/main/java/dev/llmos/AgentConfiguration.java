package dev.llmos;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.llmos.agent.ActiveRuns;
import dev.llmos.agent.AgentCatalog;
import dev.llmos.agent.AgentFiles;
import dev.llmos.agent.AgentRunner;
import dev.llmos.agent.AgentSettings;
import dev.llmos.agent.RunTrees;
import dev.llmos.llm.LlmProvider;
import dev.llmos.llm.PriceTable;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillSelector;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.VolumeStore;

/** Wires agent runs and their limits ({@code LLMOS_AGENT_*}, see the README). */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);

    @Bean
    AgentCatalog agentCatalog(VolumeStore store, SkillCatalog skills) {
        return new AgentCatalog(store, skills);
    }

    @Bean
    AgentFiles agentFiles(VolumeStore store, AgentCatalog catalog, SkillCatalog skills) {
        return new AgentFiles(store, catalog, skills.maxFileBytes());
    }

    @Bean
    ActiveRuns activeRuns() {
        return new ActiveRuns();
    }

    @Bean
    AgentSettings agentSettings(@Value("${llmos.agent.max-depth}") int maxDepth,
                                @Value("${llmos.agent.max-subagents}") int maxSubagents,
                                @Value("${llmos.agent.max-steps}") int maxSteps,
                                @Value("${llmos.agent.max-tokens}") long maxTokens,
                                @Value("${llmos.agent.timeout}") Duration timeout,
                                @Value("${llmos.agent.parallelism}") int parallelism,
                                @Value("${llmos.chat.max-output-tokens}") int maxOutputTokens,
                                @Value("${llmos.chat.skill-token-budget}") int skillTokenBudget) {
        AgentSettings settings = new AgentSettings(maxDepth, maxSubagents, maxSteps, maxTokens, timeout, parallelism,
                maxOutputTokens, AgentSettings.defaults().maxSkills(), skillTokenBudget);
        log.info("Agent runs: depth {}, {} sub-agents, {} steps per agent, {} tokens and {} per run, {} calls at once",
                maxDepth, maxSubagents, maxSteps, maxTokens,
                timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT), parallelism); // PT5M -> 5m
        return settings;
    }

    @Bean(destroyMethod = "close")
    AgentRunner agentRunner(AgentCatalog agents, SkillCatalog skills, SkillSelector selector, LlmProvider provider,
                            PriceTable prices, TraceJournal journal, AgentSettings settings, ActiveRuns active) {
        return new AgentRunner(agents, skills, selector, provider, prices, journal, settings, active);
    }

    @Bean
    RunTrees runTrees(TraceReader reader, ActiveRuns active) {
        return new RunTrees(reader, active);
    }
}
