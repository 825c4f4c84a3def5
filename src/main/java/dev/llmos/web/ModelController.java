package dev.llmos.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.llm.ModelChoices;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Chat")
class ModelController {

    private final ModelChoices choices;

    ModelController(ModelChoices choices) {
        this.choices = choices;
    }

    @GetMapping("/models")
    @Operation(summary = "The models a chat can name (`model` in POST /chat)",
            description = "What the configured provider offers (asked of it at most every 10 minutes), with the default model "
                    + "first when it does not list that one; `listed: false` and `error` when it could not be asked. "
                    + "Offline (`configured: false`) the list is empty.")
    ModelChoices.Choices models() {
        return choices.get();
    }
}
