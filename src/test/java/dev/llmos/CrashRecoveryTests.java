package dev.llmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive {@code kill -9}: the real server runs as its own process, takes
 * concurrent chats, skill writes and promotions, is killed with SIGKILL at a random moment of the
 * load, and restarted, again and again; everything it acknowledged must be there, intact, and
 * every volume must pass {@code git fsck --full --strict} after every kill.
 *
 * <p>20 cycles by default; {@code -Dllmos.crash.cycles=500} for a long run, {@code -Dllmos.crash.seed}
 * to repeat one (docs/reliability.md).
 */
class CrashRecoveryTests {

    @TempDir
    Path volumes;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        int cycles = Integer.getInteger("llmos.crash.cycles", 20);
        long seed = Long.getLong("llmos.crash.seed", System.nanoTime());
        long started = System.nanoTime();
        CrashDriver driver = new CrashDriver(volumes, seed, Long.getLong("llmos.crash.kill-min-ms", 100),
                Long.getLong("llmos.crash.kill-max-ms", 800));
        boolean ageLocks = Boolean.parseBoolean(System.getProperty("llmos.crash.age-locks", "false"));
        List<String> fsck = new ArrayList<>();
        int locks = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            driver.cycle();
            fsck.addAll(driver.fsck()); // the state the kill left, before recovery touches it
            locks += driver.ageLeftoverLocks(ageLocks);
        }
        driver.verifyAll();
        fsck.addAll(driver.fsck());
        String summary = String.format("crash test: cycles=%d seed=%d acknowledged writes checked=%d (skills=%d traces=%d"
                        + " promotions merged=%d) lost=%d fsck problems=%d unexpected answers=%d locks left by kills=%d in %.1f s",
                cycles, seed, driver.acknowledged(), driver.skills(), driver.traces(), driver.merged(), driver.lost().size(),
                fsck.size(), driver.unexpected().size(), locks, (System.nanoTime() - started) / 1e9);
        System.out.println(summary);
        System.err.println(summary);

        assertThat(driver.lost()).as(summary).isEmpty();
        assertThat(fsck).as(summary).isEmpty();
        assertThat(driver.unexpected()).as(summary).isEmpty();
        assertThat(driver.volumes()).contains("system", "users/crash", "users/alice", "teams/eng");
        assertThat(driver.skills()).as("the load made acknowledged skill writes").isGreaterThanOrEqualTo(10);
        assertThat(driver.traces()).as("the load made acknowledged chats").isGreaterThan(cycles / 2);
        assertThat(driver.merged()).as("the load merged promotions").isGreaterThan(cycles / 4);
    }
}
