package dev.llmos.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import dev.llmos.skill.Selection;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEdit;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.skill.SkillSelector;
import dev.llmos.skill.SkillService;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Skill selection over a system volume of {@code skills} generated skills: catalog load, index
 * build, embedding throughput (cold vector cache), then the latency of selects with varied
 * chat-like messages (hybrid and lexical-only), and of the first select after a skill changes.
 *
 * <p>The skills combine ≈100 technologies, 40 tasks and 30 circumstances with words drawn from a
 * Zipf-distributed jargon of 4,000 made-up words, so neither BM25 nor the vectors see a tiny
 * vocabulary. Messages are 4–60 words, all distinct (the selector's small query-vector cache
 * never hits), one in ten chit-chat unrelated to any skill ({@code _messages_with_skills} shows
 * how many got a skill: ideally 90 %).
 */
final class SelectionBenchmark {

    private static final int WARM_UP = 400;
    private static final int TIMED = 2_000;

    private SelectionBenchmark() {
    }

    /** Standalone: {@code java -cp ... dev.llmos.cli.SelectionBenchmark <work-dir> <skills>...}. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/selection-bench");
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1_000};
        for (int n : sizes) {
            run(work.resolve("selection-" + n), n, (name, value, unit) ->
                    System.out.printf(Locale.ROOT, "%s %.3f %s%n", name, value, unit));
        }
    }

    static void run(Path workDir, int skills, BenchReport report) throws Exception {
        String prefix = "selection_" + skills + "_skills";
        Random random = new Random(42);
        Vocabulary words = new Vocabulary(random);
        try (VolumeStore store = new VolumeStore(workDir.resolve("volumes"))) {
            List<FileChange> files = new ArrayList<>(skills);
            for (int i = 0; i < skills; i++) {
                files.add(new FileChange.Put("skills/" + words.id(i) + ".md", words.skill(i, random).getBytes(StandardCharsets.UTF_8)));
            }
            store.open(VolumeId.SYSTEM).commit(Author.LLMOS, "Generate " + skills + " skills", files);

            SkillCatalog catalog = new SkillCatalog(store);
            long t0 = System.nanoTime();
            int loaded = catalog.in(VolumeId.SYSTEM).skills().size();
            report.report(prefix + "_catalog_load", ms(t0), "ms");
            if (loaded != skills) {
                throw new IllegalStateException("the catalog holds " + loaded + " skills, expected " + skills);
            }

            List<String> queries = words.queries(WARM_UP + TIMED, random);
            try (SkillEmbeddings embeddings = SkillEmbeddings.load(workDir.resolve("vectors"));
                 SkillSelector lexical = new SkillSelector(catalog, SkillEmbeddings.disabled());
                 SkillSelector hybrid = new SkillSelector(catalog, embeddings)) {
                t0 = System.nanoTime();
                lexical.select(null, null, "", 0, 0);
                report.report(prefix + "_index_build", ms(t0), "ms");

                t0 = System.nanoTime();
                hybrid.select(null, null, "", 0, 0); // indexes; every vector is missing: computed in the background
                if (!hybrid.awaitEmbeddings(Duration.ofHours(1))) {
                    throw new IllegalStateException("embeddings did not finish");
                }
                report.report(prefix + "_embeddings_per_s", skills / ((System.nanoTime() - t0) / 1e9), "skills/s");

                long[] embed = new long[300];
                for (int i = 0; i < embed.length + 50; i++) {
                    long s = System.nanoTime();
                    embeddings.embed(queries.get(i));
                    if (i >= 50) {
                        embed[i - 50] = System.nanoTime() - s;
                    }
                }
                Arrays.sort(embed);
                report.report(prefix + "_query_embedding_p50", embed[embed.length / 2] / 1e6, "ms");

                latency(report, prefix, hybrid, queries);
                latency(report, prefix + "_lexical", lexical, queries);

                SkillService service = new SkillService(store, catalog, Integer.MAX_VALUE);
                service.put(VolumeId.SYSTEM, words.id(7), SkillEdit.seed("Changed Skill", "coding",
                        "Reconcile ledger exports with zorblat checksums after every quarterly close",
                        "## Steps\n1. Export.\n2. Reconcile.\n", List.of("ledger", "zorblat")), Author.LLMOS);
                t0 = System.nanoTime();
                Selection after = hybrid.select(null, null, "reconcile the ledger exports with zorblat checksums", 5, 8_000);
                report.report(prefix + "_first_select_after_a_change", ms(t0), "ms");
                if (!after.reasons().containsKey(words.id(7))) {
                    throw new IllegalStateException("the changed skill was not selected: " + after.reasons());
                }
            }
        }
    }

    private static void latency(BenchReport report, String prefix, SkillSelector selector, List<String> queries) {
        long[] times = new long[TIMED];
        int withSkills = 0;
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            String q = queries.get(i);
            long s = System.nanoTime();
            Selection selection = selector.select(null, null, q, 5, 8_000);
            long t = System.nanoTime() - s;
            if (i >= WARM_UP) {
                times[i - WARM_UP] = t;
                withSkills += selection.chosen().isEmpty() ? 0 : 1;
            }
        }
        Arrays.sort(times);
        report.report(prefix + "_p50", times[TIMED / 2] / 1e6, "ms");
        report.report(prefix + "_p99", times[(int) (TIMED * 0.99)] / 1e6, "ms");
        report.report(prefix + "_messages_with_skills", 100.0 * withSkills / TIMED, "%");
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    /** Words for generated skills and messages. */
    private static final class Vocabulary {

        static final String[] TECH = ("docker,kubernetes,terraform,ansible,react,vue,angular,svelte,next.js,django,flask,fastapi,"
                + "spring boot,quarkus,rails,laravel,express,nestjs,graphql,grpc,kafka,rabbitmq,redis,postgres,mysql,sqlite,mongodb,"
                + "elasticsearch,snowflake,bigquery,spark,airflow,dbt,pandas,pytorch,tensorflow,scikit-learn,langchain,aws lambda,"
                + "s3,dynamodb,cloudformation,azure functions,bicep,cloud run,firebase,supabase,vercel,github actions,gitlab ci,jenkins,"
                + "argo cd,helm,istio,prometheus,grafana,opentelemetry,datadog,sentry,pagerduty,jira,slack,figma,tailwind,webpack,vite,"
                + "rust,go,kotlin,swift,java,c#,typescript,python,bash,powershell,excel,power bi,tableau,salesforce,sap,shopify,"
                + "wordpress,unity,unreal,blender,ffmpeg,imagemagick,latex,markdown,openapi,oauth,keycloak,vault,nginx,linux,systemd,"
                + "flutter,android,ios,electron,playwright,cypress,junit,pytest,jest").split(",");
        static final String[] TASK = ("write unit tests for|review pull requests in|debug memory leaks in|migrate to the latest "
                + "version of|set up continuous integration for|harden the security of|optimize slow queries in|design the data "
                + "model for|document the public API of|profile slow endpoints in|add structured logging to|configure autoscaling "
                + "for|plan a zero-downtime rollout of|refactor legacy code in|write onboarding guides for|triage production "
                + "incidents in|reduce the cloud bill of|translate the user interface of|improve accessibility of|add caching "
                + "to|write runbooks for|benchmark|containerize|upgrade the dependencies of|write end-to-end tests for|model the "
                + "domain of|audit third-party licenses in|monitor|back up and restore|generate weekly reports from|rate-limit "
                + "the public endpoints of|design error handling for|write release notes for|clean up dead code in|speed up the "
                + "build of|secure the secrets of|set coding conventions for|estimate the effort to rewrite|tune garbage "
                + "collection in|plan capacity for").split("\\|");
        static final String[] WHEN = ("for a small team|in a large monorepo|under strict compliance rules|with minimal "
                + "downtime|on a tight budget|for mobile clients|at very high traffic|for regulated healthcare data|in an offline "
                + "environment|before a major release|after a security incident|for a multi-tenant platform|across several "
                + "regions|for a legacy codebase|during a data migration|for an open-source project|with a junior team|under "
                + "heavy write load|for real-time dashboards|with strict latency budgets|in a shared cluster|for a public "
                + "API|with flaky tests|for batch jobs|in a startup|for enterprise customers|in a regulated bank|on embedded "
                + "devices|for game servers|in a research lab").split("\\|");
        static final String[] CHAT = {"hello %s!", "thanks %s, that helps a lot", "what's the weather like in %s today?",
                "tell me a joke about %s", "who wrote the famous book about %s?", "good morning %s!", "how far is it to %s?",
                "what do you think about %s?", "I had a great weekend in %s", "say good night to %s in Italian"};
        static final String[] FILL = ("Paris,Lisbon,Oslo,Kyoto,Lima,Cairo,Quebec,Sydney,Nairobi,Vienna,cats,dogs,penguins,"
                + "giraffes,otters,owls,whales,pirates,dragons,robots,Anna,Ben,Chloe,David,Emma,Farid,Grace,Hugo,Ines,Jonas")
                .split(",");

        final String[] jargon = new String[4_000];
        final double[] zipf = new double[4_000];

        Vocabulary(Random random) {
            String[] syllables = "ka,lo,mi,zor,bla,tek,ru,fen,dra,qui,vo,sel,nar,pik,tu,gra,hem,lys,ox,wen,yab,cri,dul,fo".split(",");
            Set<String> seen = new LinkedHashSet<>();
            while (seen.size() < jargon.length) {
                int n = 2 + random.nextInt(3);
                StringBuilder w = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    w.append(syllables[random.nextInt(syllables.length)]);
                }
                seen.add(w.toString());
            }
            seen.toArray(jargon);
            double total = 0;
            for (int i = 0; i < zipf.length; i++) {
                total += 1.0 / (i + 1);
                zipf[i] = total;
            }
            for (int i = 0; i < zipf.length; i++) {
                zipf[i] /= total;
            }
        }

        String word(Random random) {
            int i = Arrays.binarySearch(zipf, random.nextDouble());
            return jargon[Math.min(jargon.length - 1, i < 0 ? -i - 1 : i)];
        }

        String tech(int i) {
            return TECH[i % TECH.length];
        }

        String task(int i) {
            return TASK[(i / TECH.length) % TASK.length];
        }

        String id(int i) {
            String[] task = task(i).split(" ");
            String slug = (tech(i) + " " + task[0] + (task.length > 1 ? " " + task[1] : "")).toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
            return slug + "-" + i;
        }

        String skill(int i, Random random) {
            String tech = tech(i);
            String task = task(i);
            String when = WHEN[random.nextInt(WHEN.length)];
            String a = word(random);
            String b = word(random);
            String c = word(random);
            String name = Character.toUpperCase(task.charAt(0)) + task.substring(1) + " " + tech;
            String description = "How to " + task + " " + tech + " " + when + ". Use when asked to " + task + " " + tech
                    + "; covers " + a + ", " + b + " and " + c + ".";
            StringBuilder body = new StringBuilder("# ").append(name).append("\n\n## When to use\n- The user wants to ")
                    .append(task).append(' ').append(tech).append(' ').append(when).append(".\n\n## Approach\n");
            int steps = 6 + random.nextInt(8);
            for (int s = 1; s <= steps; s++) {
                body.append(s).append(". ").append(sentence(random, tech)).append('\n');
            }
            body.append("\n## Checklist\n");
            for (int s = 0; s < 5; s++) {
                body.append("- ").append(sentence(random, tech)).append('\n');
            }
            return "---\nname: " + name + "\ncategory: coding\ndescription: " + description + "\nkeywords: [" + tech + ", "
                    + task.split(" ")[0] + ", " + a + ", " + b + "]\n---\n\n" + body;
        }

        private String sentence(Random random, String tech) {
            String[] verbs = {"Check", "Measure", "Document", "Review", "Automate", "Verify", "Record", "Compare", "Isolate", "Limit"};
            return verbs[random.nextInt(verbs.length)] + " the " + word(random) + " " + word(random) + " of the " + tech
                    + " setup, then " + verbs[random.nextInt(verbs.length)].toLowerCase(Locale.ROOT) + " each " + word(random)
                    + " against the " + word(random) + " baseline before moving on.";
        }

        /** Distinct chat-like messages: short asks, longer ones with context, and one in ten unrelated. */
        List<String> queries(int count, Random random) {
            Set<String> out = new LinkedHashSet<>();
            String[] forms = {"how do I %s %s %s?", "%2$s: %1$s it %3$s", "can you help me %s our %s service %s",
                    "I need to %s %s %s, where do I start?", "%2$s question - %1$s %3$s"};
            while (out.size() < count) {
                int r = random.nextInt(10);
                if (r == 0) {
                    out.add(String.format(Locale.ROOT, CHAT[random.nextInt(CHAT.length)], FILL[random.nextInt(FILL.length)]));
                    continue;
                }
                String tech = TECH[random.nextInt(TECH.length)];
                String task = TASK[random.nextInt(TASK.length)];
                String when = WHEN[random.nextInt(WHEN.length)];
                String q = String.format(Locale.ROOT, forms[random.nextInt(forms.length)], task, tech, when);
                if (r <= 2) {
                    q = "We run " + tech + " with " + word(random) + " and " + word(random) + " in production. " + q
                            + " Last week the " + word(random) + " job failed twice and the team spent a day on it, so"
                            + " I would like a plan we can follow and a checklist for reviews.";
                } else if (r <= 4) {
                    q = q + " (" + word(random) + ")";
                }
                out.add(q);
            }
            List<String> list = new ArrayList<>(out);
            java.util.Collections.shuffle(list, random);
            return list;
        }
    }
}
