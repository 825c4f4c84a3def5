package dev.llmos.evolution;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.skill.SkillParser;
import dev.llmos.skill.SkillProblem;
import dev.llmos.trace.SecretRedactor;

/**
 * What a draft must pass before it becomes a skill a model sees: it is a valid Agent Skill; it
 * holds nothing shaped like a secret; it holds no instruction-injection phrase ({@link #INJECTION});
 * and it does not duplicate another skill the user sees.
 *
 * <p>Near-duplicate: with embeddings, cosine ≥ {@value #DUPLICATE_COSINE} between the two skills'
 * name + description; without, equal names once normalised, or descriptions whose word sets
 * overlap by a Jaccard index ≥ {@value #DUPLICATE_JACCARD}. Only the {@value #SHORTLIST} lexically
 * closest skills are embedded, so a large library costs a bounded number of model calls.
 */
final class SkillGate {

    static final double DUPLICATE_COSINE = 0.92;
    static final double DUPLICATE_JACCARD = 0.8;
    static final int SHORTLIST = 20;
    private static final int VECTOR_CACHE = 4_096;

    /**
     * Phrases that try to steer a model against its instructions or against other people: a skill
     * may be promoted to a team, so its text reaches other users' prompts.
     */
    static final List<Pattern> INJECTION = List.of(
            phrase("ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|preceding) (?:instructions|prompts?|rules)"),
            phrase("disregard (?:all |any )?(?:the |your )?(?:system prompt|previous instructions|prior instructions|instructions above|above instructions)"),
            phrase("forget (?:all |everything )?(?:your |the |previous )?(?:instructions|system prompt|rules)"),
            phrase("override (?:the |your )?(?:system prompt|safety|instructions)"),
            phrase("(?:reveal|print|show|leak) (?:the |your )?(?:system prompt|hidden instructions|api keys?|secrets|credentials)"),
            phrase("(?:all|every) users? (?:must|should always|are required to)"),
            phrase("exfiltrat\\w*"),
            phrase("(?:send|upload|post|forward) (?:all |the |any |their |your )?(?:data|secrets|credentials|api keys?|tokens?|passwords?|files) to"),
            phrase("do not (?:tell|inform|let) the user"),
            phrase("you are now (?:in )?(?:developer mode|dan|jailbroken|unrestricted)"));

    private static Pattern phrase(String regex) {
        return Pattern.compile("\\b" + regex.replace(" ", "\\s+") + "\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private final SkillEmbeddings embeddings;
    private final SecretRedactor secrets = new SecretRedactor(List.of());
    private final Map<String, float[]> vectors = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > VECTOR_CACHE;
        }
    };

    SkillGate(SkillEmbeddings embeddings) {
        this.embeddings = embeddings;
    }

    /**
     * Every reason the skill may not be accepted; empty when it passes.
     *
     * @param others the skills the user sees (drafts and the skill's own id are ignored)
     */
    List<String> check(Skill skill, List<Skill> others) {
        List<String> reasons = new ArrayList<>();
        String path = DraftStore.newPath(skill.id());
        String text = DraftStore.render(skill);
        SkillParser.Result parsed = SkillParser.parseStored(path, text);
        if (parsed == null || !parsed.ok()) {
            for (SkillProblem p : parsed == null ? List.<SkillProblem>of() : parsed.errors()) {
                reasons.add("not a valid skill: " + (p.field() == null ? "" : p.field() + ": ") + p.message());
            }
            if (parsed == null || parsed.errors().isEmpty()) {
                reasons.add("not a valid skill");
            }
        } else if (skill.description() == null || skill.description().isBlank()) {
            reasons.add("not a valid skill: description is required");
        }
        if (!secrets.redact(text).equals(text)) {
            reasons.add("contains something shaped like a secret (an API key, token or password); remove it");
        }
        for (Pattern p : INJECTION) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                reasons.add("contains an instruction-injection phrase: \"" + m.group().replaceAll("\\s+", " ") + "\"");
            }
        }
        nearDuplicate(skill.id(), skill.name(), skill.description(), others).ifPresent(d ->
                reasons.add("near-duplicate of skill '" + d.id() + "' (" + d.volume() + "); change that one instead"));
        return reasons;
    }

    /** A visible, non-draft skill other than {@code id} that this name and description duplicate. */
    Optional<Skill> nearDuplicate(String id, String name, String description, List<Skill> others) {
        List<Skill> candidates = others.stream().filter(s -> !s.id().equals(id) && !DraftStore.isDraft(s)).toList();
        String normalised = SkillParser.toId(name == null ? id : name);
        for (Skill s : candidates) {
            if (SkillParser.toId(s.name()).equals(normalised) || s.id().equals(normalised)) {
                return Optional.of(s);
            }
        }
        Set<String> words = SuccessSignals.words(description);
        record Scored(Skill skill, double jaccard) {
        }
        List<Scored> shortlist = candidates.stream()
                .map(s -> new Scored(s, SuccessSignals.jaccard(words, SuccessSignals.words(s.description()))))
                .sorted(Comparator.comparingDouble(Scored::jaccard).reversed())
                .limit(SHORTLIST).toList();
        if (!embeddings.enabled()) {
            return shortlist.stream().filter(s -> !words.isEmpty() && s.jaccard() >= DUPLICATE_JACCARD)
                    .map(Scored::skill).findFirst();
        }
        float[] mine = vector(name + "\n" + description);
        Skill best = null;
        double bestCosine = DUPLICATE_COSINE;
        for (Scored s : shortlist) {
            double c = SuccessSignals.cosine(mine, vector(s.skill().name() + "\n" + s.skill().description()));
            if (c >= bestCosine) {
                best = s.skill();
                bestCosine = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private float[] vector(String text) {
        String key = text.length() > 4_000 ? new String(text.getBytes(StandardCharsets.UTF_8), 0, 4_000, StandardCharsets.UTF_8) : text;
        synchronized (vectors) {
            float[] hit = vectors.get(key);
            if (hit != null) {
                return hit;
            }
        }
        float[] v = embeddings.embed(key);
        synchronized (vectors) {
            vectors.put(key, v);
        }
        return v;
    }
}
