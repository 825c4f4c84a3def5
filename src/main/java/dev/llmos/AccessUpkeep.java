package dev.llmos;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.llmos.access.Accounts;
import dev.llmos.access.AuthMode;
import dev.llmos.access.Callers;

/**
 * Token mode's first start prints an admin token once; last-used times of tokens are written out
 * every minute and at shutdown (never on the request path).
 */
@Component
class AccessUpkeep {

    private static final Logger log = LoggerFactory.getLogger(AccessUpkeep.class);

    private final Accounts accounts;
    private final Callers callers;

    AccessUpkeep(Accounts accounts, Callers callers) {
        this.accounts = accounts;
        this.callers = callers;
    }

    @EventListener(ApplicationReadyEvent.class)
    void firstStart() {
        if (callers.mode() != AuthMode.TOKEN) {
            return;
        }
        accounts.bootstrapAdmin().ifPresent(issued -> {
            // Printed to standard output only, never logged: it is shown this once.
            System.out.println();
            System.out.println("LLMos token mode, first start: created user '" + issued.token().userId()
                    + "' (admin) and this admin token. It is shown once; keep it safe:");
            System.out.println();
            System.out.println("    " + issued.secret());
            System.out.println();
            System.out.flush();
        });
        log.info("Token mode: every request needs a bearer token (users and tokens in {})", accounts.file());
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void flushLastUsed() {
        try {
            accounts.flushLastUsed();
        } catch (RuntimeException e) {
            log.warn("Could not save tokens' last-used times: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        flushLastUsed();
    }
}
