package dev.llmos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.llmos.volume.VolumeStore;

/**
 * Volume upkeep on a schedule: picks up files edited by hand in any volume's folder (committed
 * as external edits), and packs git objects at a quiet hour.
 */
@Component
class VolumeUpkeep {

    private static final Logger log = LoggerFactory.getLogger(VolumeUpkeep.class);

    private final VolumeStore store;

    VolumeUpkeep(VolumeStore store) {
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

    @Scheduled(cron = "${llmos.gc-cron}")
    void packObjects() {
        try {
            long start = System.nanoTime();
            long removed = store.packObjects();
            log.info("Packed git objects in every volume: {} loose objects packed in {} ms", removed,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Packing git objects failed: {}", e.getMessage());
        }
    }
}
