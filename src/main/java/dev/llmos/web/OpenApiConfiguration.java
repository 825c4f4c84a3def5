package dev.llmos.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

/** The OpenAPI description at {@code /openapi.json} (and {@code /docs}), in the wire's snake_case. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI llmosOpenApi() {
        return new OpenAPI().info(new Info().title("LLMos API").version("0.1.0")
                .description("Self-hosted, git-backed, skills-driven LLM platform. Errors are RFC 9457 problem+json. "
                        + "In local mode (the default) user_id and team_id in the request name the caller.")
                .license(new License().name("Apache 2.0")));
    }

    /** springdoc reads models with its own (Jackson 2) mapper: give it the same naming as the API. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
}
