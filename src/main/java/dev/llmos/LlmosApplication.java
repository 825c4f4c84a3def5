package dev.llmos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The server. Started by {@code llmos serve}; its {@code main} doubles as a dev launcher. */
@SpringBootApplication
@EnableScheduling
public class LlmosApplication {

    public static void main(String[] args) {
        SpringApplication.run(LlmosApplication.class, args);
    }
}
