package dev.llmos.promotion;

import static dev.llmos.promotion.Fixture.ALICE;
import static dev.llmos.promotion.Fixture.ALICE_VOL;
import static dev.llmos.promotion.Fixture.ENG;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;
import dev.llmos.volume.CommitInfo;

class PromotionConcurrencyTests {

    @TempDir
    Path root;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(root);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @RepeatedTest(4)
    void sixteenConcurrentApprovalsMergeExactlyOnce() throws Exception {
        f.putSeed(ALICE_VOL, "alice", "one", "One");
        Promotion p = f.service.open(ALICE, "one", null, null, "r");
        f.store.open(ENG);
        String before = f.head(ENG);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Principal maintainer = new Principal("m" + i, "eng", TeamRole.MAINTAINER, false, Scope.WRITE);
            results.add(pool.submit(() -> {
                start.await();
                try {
                    return f.service.approve(maintainer, p.id(), null);
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        start.countDown();
        int merged = 0;
        int refused = 0;
        for (Future<Object> r : results) {
            Object outcome = r.get();
            if (outcome instanceof Promotion q) {
                assertThat(q.status()).isEqualTo("merged");
                merged++;
            } else {
                assertThat(outcome).isInstanceOf(PromotionStateException.class).isNotInstanceOf(PromotionStaleException.class);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(merged).isEqualTo(1);
        assertThat(refused).isEqualTo(threads - 1);
        List<CommitInfo> log = f.store.open(ENG).history(null, 0, 10);
        assertThat(log.get(0).message()).contains("Promotion: " + p.id());
        assertThat(log.get(1).id()).isEqualTo(before);
        assertThat(f.service.get(ALICE, p.id()).events()).extracting(Promotion.Event::kind)
                .containsExactly("opened", "approved", "merged");
    }
}
