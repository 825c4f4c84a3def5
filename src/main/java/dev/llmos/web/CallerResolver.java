package dev.llmos.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.llmos.access.Callers;
import dev.llmos.access.Credential;
import dev.llmos.access.Principal;
import dev.llmos.volume.InvalidNameException;
import dev.llmos.volume.VolumeId;

/**
 * The web face of {@link Callers}: takes the credential {@link TokenAuthentication} found on the
 * current request (none in local mode) and the ids the request names.
 */
@Component
class CallerResolver {

    private final Callers callers;
    /** Spring's proxy to the current request (a thread-bound lookup per call). */
    private final HttpServletRequest request;

    CallerResolver(Callers callers, HttpServletRequest request) {
        this.callers = callers;
        this.request = request;
    }

    Principal resolve(String userId, String teamId) {
        return callers.resolve(credential(), userId, teamId);
    }

    private Credential credential() {
        return (Credential) request.getAttribute(TokenAuthentication.CREDENTIAL);
    }

    /** The volume a write goes to: {@code user} (default), {@code team}, or a full volume path. */
    VolumeId target(Principal who, String volume) {
        if (volume == null || volume.isBlank() || volume.equals("user")) {
            return who.ownVolume();
        }
        if (volume.equals("team")) {
            if (who.teamId() == null) {
                throw new InvalidNameException("team_id", "is required to write to the team volume");
            }
            return VolumeId.team(who.teamId());
        }
        return VolumeId.parse(volume);
    }
}
