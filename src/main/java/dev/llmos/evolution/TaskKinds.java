package dev.llmos.evolution;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises the kind of task a request asks for from its form and intent (the verbs, the artefact
 * asked for, the frame), not its topic: "act as ...", "write a function ...", "extract ... from the
 * following", "calculate ...". A hand-written lexicon of general English request forms; the first
 * kind whose cue matches wins, in the order below (a persona frames everything after it; an
 * explicit extraction or code request outranks the prose around it).
 */
final class TaskKinds {

    /** Characters of the request's head that carry its ask. */
    private static final int HEAD = 400;

    record Kind(String label, List<Pattern> cues) {
        boolean matches(String head) {
            for (Pattern p : cues) {
                if (p.matcher(head).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Pattern re(String regex) {
        return Pattern.compile(regex);
    }

    static final List<Kind> KINDS = List.of(
            new Kind("role play", List.of(
                    re("\\b(pretend|imagine|picture|suppose)( that)? (you are|you're|yourself|to be)\\b"),
                    re("\\b(act|acting|behave|respond|speak) (as|like) (a|an|the|if|my|[A-Za-z]+ [A-Za-z]+)\\b"),
                    re("\\b(assume|take on|play|embrace|adopt|embody|step into) (the )?(role|persona|character|part)\\b"),
                    re("\\bembody\\b"),
                    re("^(now |from now on,? )?you are (a|an|the|now)\\b"),
                    re("\\bin the role of\\b"),
                    re("\\bi want you to act\\b"))),
            new Kind("extract information", List.of(
                    re("\\bextract\\b"),
                    re("\\bnamed entities\\b"),
                    re("\\b(identify|list|find|count|pick|select)\\b[^.?!]{0,80}\\b(in|from|of) (the|these|this) (following|given|below|above|provided|presented|text|passage|article|paragraph|sentence|data|records)"),
                    re("\\b(categori[sz]e|classify)\\b"),
                    re("\\bassign (each|them|it)\\b"),
                    re("\\bon a scale (of|from)\\b"))),
            new Kind("write code", List.of(
                    re("\\b(write|implement|develop|create|code|build|give me|show me|provide|generate)\\b[^.?!\\n]{0,60}\\b(function|program|script|class|code|method|algorithm|query|regex|snippet|website|web page|app)\\b"),
                    re("\\b(python|c\\+\\+|java|javascript|typescript|rust|golang|sql|html|php|kotlin|swift|haskell|c#|ruby)\\b[^.?!\\n]{0,40}\\b(function|program|script|code|class)\\b"),
                    re("\\b(bug|debug|compile|refactor|time complexity|space complexity)\\b"))),
            new Kind("solve math", List.of(
                    re("\\b(solve|calculate|compute|simplify|evaluate the expression|find the value|express [a-z]+ in)\\b"),
                    re("\\bprobability\\b"),
                    re("\\bwhat (is|was|are) the (total|sum|area|value|remainder|average|product|number)\\b"),
                    re("\\bhow many (integers|numbers|people|ways|times)\\b"),
                    re("[0-9a-z]\\s*[-+*/^]\\s*[0-9a-z]\\s*[=<>]"),
                    re("\\b(equation|inequality|integer|remainder|divided by)\\b"))),
            new Kind("write text", List.of(
                    re("\\b(write|compose|draft|craft|create|generate|develop|construct|help me (write|construct|draft))\\b[^.?!\\n]{0,50}\\b(email|e-mail|letter|blog|post|story|poem|paragraph|essay|article|headline|speech|outline|slogan|tweet|description|song|lyrics|haiku|limerick|narrative|script|introduction|title|character)\\b"),
                    re("\\b(edit|proofread|rewrite|rephrase|paraphrase)\\b[^.?!\\n]{0,40}\\b(paragraph|text|sentence|essay|email|letter|following)\\b"),
                    re("\\b(vivid|imagery|captivating|persuasive|catchy)\\b"))),
            new Kind("summarize", List.of(re("\\b(summari[sz]e|summary of|tl;?dr)\\b"))),
            new Kind("translate", List.of(re("\\btranslat(e|ion)\\b"))),
            new Kind("explain concept", List.of(
                    re("^(please |can you |could you )?(explain|describe|discuss|elaborate|outline)\\b"),
                    re("\\b(explain|describe)\\b[^.?!\\n]{0,30}\\b(concept|principle|process|difference|differences|stages|mechanism|theory|impact|role)\\b"),
                    re("\\b(concept of|differences? between)\\b"),
                    re("^(what is|what are|what's|how do|how does|how did|why do|why does|why is)\\b"))),
            new Kind("give ideas", List.of(re("\\b(suggest|recommend|ideas|tips|advice|brainstorm)\\b"))));

    private TaskKinds() {
    }

    /** The kind's label, or null when no cue matches. */
    static String recognise(String text) {
        String t = text == null ? "" : text.strip();
        String head = (t.length() > HEAD ? t.substring(0, HEAD) : t).toLowerCase(Locale.ROOT);
        for (Kind k : KINDS) {
            if (k.matches(head)) {
                return k.label();
            }
        }
        return null;
    }
}
