package dev.llmos.access;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A team and its members, each with a role. */
public record Team(String id, Map<String, TeamRole> members, Instant created) {

    public Team {
        members = java.util.Collections.unmodifiableMap(new TreeMap<>(members == null ? Map.of() : members));
    }

    /** A team nobody maintains; in local mode its members act as maintainers. */
    public boolean unmaintained() {
        return !members.containsValue(TeamRole.MAINTAINER);
    }
}
