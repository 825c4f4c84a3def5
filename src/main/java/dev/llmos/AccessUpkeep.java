package dev.llmos;

import java.nio.file.Path;

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
 * Token mode's first start saves an admin token to a private file and says where; last-used times of tokens are written out
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
            // Never the secret itself on standard output or in the log (under systemd or docker they are the same,
            // and kept): a 0600 file, and its path.
            Path saved = accounts.saveFirstAdminToken(issued);
            log.warn("Token mode, first start: created user '{}' (admin) with one admin token, saved in {} (readable by this "
                    + "OS user only). Read it, keep it somewhere safe, and delete the file.", issued.token().userId(), saved);
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
