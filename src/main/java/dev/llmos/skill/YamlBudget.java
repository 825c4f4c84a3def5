package dev.llmos.skill;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * What a front matter becomes once loaded, measured before it is loaded. SnakeYAML caps aliases to
 * collections only, and has no depth limit: a text anchor repeated by alias ({@code [*a, *a, …]}) turns
 * 60 KB into tens of megabytes, and thousands of nested brackets overflow the stack of its composer.
 * One pass over the parser's events (iterative, no recursion) adds up every scalar as it would be
 * expanded, each alias counting as its anchor's whole size, and tracks the nesting depth; crossing a
 * limit stops the pass.
 */
final class YamlBudget {

    static final int MAX_DEPTH = 64;
    static final int MAX_ALIASES = 1_000;

    /** The front matter is valid YAML but would grow past a limit once loaded. */
    static final class TooBig extends YamlEngineException {
        TooBig(String message) {
            super(message);
        }
    }

    private YamlBudget() {
    }

    /**
     * @param maxExpanded the largest loaded size allowed, in characters (each node also counts one)
     * @throws TooBig when the loaded document would be larger than allowed, alias too often or contain itself
     * @throws YamlEngineException when it is not YAML, or nests deeper than {@link #MAX_DEPTH} (the caller's usual fallback)
     */
    static void check(String yaml, LoadSettings settings, long maxExpanded) {
        Map<String, Long> anchored = new HashMap<>();
        Deque<Open> open = new ArrayDeque<>();
        long size = 0;
        int aliases = 0;
        for (Event event : new Parse(settings).parseString(yaml)) {
            switch (event.getEventId()) {
                case Scalar -> {
                    long own = 1 + ((ScalarEvent) event).getValue().length();
                    size += own;
                    anchor(event).ifPresent(a -> anchored.put(a, own));
                }
                case Alias -> {
                    String name = ((AliasEvent) event).getAlias().getValue();
                    if (open.stream().anyMatch(o -> name.equals(o.anchor()))) {
                        throw new TooBig("the alias *" + name + " refers to a node that contains it");
                    }
                    if (++aliases > MAX_ALIASES) {
                        throw new TooBig("more than " + MAX_ALIASES + " aliases");
                    }
                    size += anchored.getOrDefault(name, 1L);
                }
                case MappingStart, SequenceStart -> {
                    if (open.size() >= MAX_DEPTH) {
                        // Not a trick, just more than a skill needs: the line-by-line reader still reads the rest.
                        throw new YamlEngineException("nested deeper than " + MAX_DEPTH + " levels");
                    }
                    size++;
                    open.push(new Open(anchor(event).orElse(null), size));
                }
                case MappingEnd, SequenceEnd -> {
                    Open closed = open.pop();
                    if (closed.anchor() != null) {
                        anchored.put(closed.anchor(), size - closed.sizeBefore() + 1);
                    }
                }
                default -> {
                    // stream and document markers, comments: nothing to count
                }
            }
            if (size > maxExpanded) {
                throw new TooBig("its aliases expand it to more than " + maxExpanded + " characters");
            }
        }
    }

    private static java.util.Optional<String> anchor(Event event) {
        return ((NodeEvent) event).getAnchor().map(a -> a.getValue());
    }

    private record Open(String anchor, long sizeBefore) {
    }
}
