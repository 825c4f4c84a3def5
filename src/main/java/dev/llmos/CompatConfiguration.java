package dev.llmos;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.llmos.compat.CompatGateway;
import dev.llmos.compat.CompatSettings;
import dev.llmos.compat.McpSkillServer;
import dev.llmos.access.AccessPolicy;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.llm.LlmSettings;
import dev.llmos.llm.PriceTable;
import dev.llmos.skill.SkillSelector;
import dev.llmos.trace.TraceJournal;

/** Wires the compatibility endpoints and the MCP server (issue 7). */
@Configuration(proxyBeanMethods = false)
class CompatConfiguration {

    @Bean
    CompatSettings compatSettings(@Value("${llmos.compat.local-user}") String localUser,
                                  @Value("${llmos.compat.max-skills}") int maxSkills,
                                  @Value("${llmos.chat.skill-token-budget}") int budget, LlmSettings llm,
                                  @Value("${llmos.compat.model-routes}") String routes,
                                  @Value("${llmos.compat.openai-responses}") boolean openAiResponses,
                                  @Value("${llmos.compat.drop-unsupported}") boolean dropUnsupported,
                                  @Value("${llmos.chat.max-output-tokens}") int maxOutputTokens) {
        return new CompatSettings(localUser, maxSkills, budget, llm.timeout(), routes, openAiResponses, dropUnsupported,
                maxOutputTokens);
    }

    @Bean
    CompatGateway compatGateway(SkillSelector selector, TraceJournal journal, PriceTable prices, LlmSettings llm,
                                CompatSettings settings) {
        return new CompatGateway(selector, journal, prices, llm, settings);
    }

    @Bean(destroyMethod = "close")
    McpSkillServer mcpSkillServer(SkillSelector selector, SkillCatalog catalog, TraceJournal journal,
                                  AccessPolicy access, CompatSettings settings) {
        String version = CompatConfiguration.class.getPackage().getImplementationVersion();
        return new McpSkillServer(selector, catalog, journal, access, settings, version == null ? "dev" : version);
    }
}
