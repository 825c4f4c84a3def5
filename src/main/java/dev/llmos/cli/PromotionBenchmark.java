package dev.llmos.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;
import dev.llmos.promotion.Promotion;
import dev.llmos.promotion.PromotionService;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Promotions as the API makes them: many users each open a request for their own skill into one
 * team, then maintainers approve them. Every approval is a record commit in the user's volume
 * and an Expect-guarded merge commit in the team's, both durable before it returns.
 */
final class PromotionBenchmark {

    private PromotionBenchmark() {
    }

    static void run(Path work, int users, int reviewers, BenchReport report) throws Exception {
        try (VolumeStore store = new VolumeStore(work)) {
            SkillCatalog catalog = new SkillCatalog(store);
            PromotionService promotions = new PromotionService(store, catalog, new AccessPolicy(), Clock.systemUTC());
            List<Principal> authors = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                Principal author = new Principal("author" + u, "eng", TeamRole.MEMBER, false, Scope.WRITE);
                authors.add(author);
                String id = "practice-" + u;
                String text = "---\nname: Practice " + u + "\ncategory: coding\ndescription: Team practice number " + u
                        + "; use when the team works on area " + u + "\nkeywords: [bench]\n---\n\n# Practice " + u
                        + "\n\n1. Step one.\n2. Step two.\n";
                store.open(author.ownVolume()).commit(Author.user(author.userId()), "Add " + id,
                        List.of(new FileChange.Put("skills/" + id + ".md", text.getBytes(StandardCharsets.UTF_8))));
            }
            store.open(VolumeId.team("eng"));

            long start = System.nanoTime();
            List<String> opened = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                opened.add(promotions.open(authors.get(u), "practice-" + u, null, "teams/eng", "useful for everyone").id());
            }
            if (reviewers == 1) { // the opens are the same work in every run; report them once
                report.report("promotion_opens_per_s", users / ((System.nanoTime() - start) / 1e9), "opens/s");
            }

            ExecutorService pool = Executors.newFixedThreadPool(reviewers);
            List<Future<Promotion>> merges = new ArrayList<>();
            start = System.nanoTime();
            for (int i = 0; i < opened.size(); i++) {
                String id = opened.get(i);
                Principal maintainer = new Principal("maintainer" + (i % reviewers), "eng", TeamRole.MAINTAINER, false, Scope.WRITE);
                merges.add(pool.submit(() -> promotions.approve(maintainer, id, null)));
            }
            for (Future<Promotion> f : merges) {
                Promotion p = f.get();
                if (!Promotion.MERGED.equals(p.status())) {
                    throw new IllegalStateException("promotion " + p.id() + " ended " + p.status());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            report.report("promotion_merges_" + reviewers + "_reviewers_per_s", users / seconds, "merges/s");
        }
    }
}
