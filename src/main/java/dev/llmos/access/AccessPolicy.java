package dev.llmos.access;

import dev.llmos.volume.VolumeId;

/**
 * The one permission check. A user volume belongs to its user alone; a team volume to the team's
 * members; the system volume is readable by everyone and changed only by LLMos itself, by hand
 * in its folder, or by promotion.
 */
public final class AccessPolicy {

    public boolean canRead(Principal who, VolumeId volume) {
        return switch (volume.kind()) {
            case SYSTEM -> true;
            case TEAM -> volume.name().equals(who.teamId());
            case USER -> volume.name().equals(who.userId());
        };
    }

    public boolean canWrite(Principal who, VolumeId volume) {
        return switch (volume.kind()) {
            case SYSTEM -> false;
            case TEAM, USER -> canRead(who, volume) && !who.isAnonymous();
        };
    }

    public void requireRead(Principal who, VolumeId volume) {
        if (!canRead(who, volume)) {
            throw new AccessDeniedException(describe(who) + " may not read volume " + volume);
        }
    }

    public void requireWrite(Principal who, VolumeId volume) {
        if (volume.kind() == VolumeId.Kind.SYSTEM) {
            throw new AccessDeniedException("the system volume is read-only for users; propose changes by promotion");
        }
        if (!canWrite(who, volume)) {
            throw new AccessDeniedException(describe(who) + " may not change volume " + volume);
        }
    }

    private static String describe(Principal who) {
        return who.isAnonymous() ? "an anonymous caller" : "user '" + who.userId() + "'"
                + (who.teamId() == null ? "" : " (team '" + who.teamId() + "')");
    }
}
