package dev.llmos.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Health")
class HealthController {

    record Health(String status) {
    }

    /** Answers only once the application is fully started (volumes opened, system library seeded). */
    @GetMapping("/health")
    @Operation(summary = "200 once LLMos is ready")
    Health health() {
        return new Health("ok");
    }
}
