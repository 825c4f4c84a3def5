package dev.llmos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.llmos.volume.VolumeStore;

/** Picks up files edited by hand in any volume's folder and commits them as external edits. */
@Component
class ExternalEditScanner {

    private static final Logger log = LoggerFactory.getLogger(ExternalEditScanner.class);

    private final VolumeStore store;

    ExternalEditScanner(VolumeStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelayString = "${llmos.scan-interval}", initialDelayString = "${llmos.scan-interval}")
    void scan() {
        try {
            int commits = store.commitExternalEdits();
            if (commits > 0) {
                log.info("Committed external edits in {} volume(s)", commits);
            }
        } catch (RuntimeException e) {
            log.warn("Scanning volumes for external edits failed: {}", e.getMessage());
        }
    }
}
