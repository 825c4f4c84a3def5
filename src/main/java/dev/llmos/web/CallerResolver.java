package dev.llmos.web;

import org.springframework.stereotype.Component;

import dev.llmos.access.Principal;
import dev.llmos.volume.VolumeId;

/**
 * Turns what a request says about its caller into a {@link Principal}. In local mode (loopback
 * only) the {@code user_id} and {@code team_id} of the request are trusted, as in the seed.
 */
@Component
class CallerResolver {

    Principal resolve(String userId, String teamId) {
        return new Principal(userId, teamId);
    }

    /** The volume a write goes to: {@code user} (default), {@code team}, or a full volume path. */
    VolumeId target(Principal who, String volume) {
        if (volume == null || volume.isBlank() || volume.equals("user")) {
            return who.ownVolume();
        }
        if (volume.equals("team")) {
            if (who.teamId() == null) {
                throw new dev.llmos.volume.InvalidNameException("team_id", "is required to write to the team volume");
            }
            return VolumeId.team(who.teamId());
        }
        return VolumeId.parse(volume);
    }
}
