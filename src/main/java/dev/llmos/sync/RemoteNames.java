package dev.llmos.sync;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.llmos.volume.InvalidNameException;
import dev.llmos.volume.VolumeId;

/** A volume's repository name on the git server ({@code teams/eng} is {@code teams-eng}), and URL masking. */
final class RemoteNames {

    private static final Pattern USER_INFO = Pattern.compile("://[^/@\\s]*@");

    private RemoteNames() {
    }

    static String name(VolumeId volume) {
        return volume.path().replace('/', '-');
    }

    /** The volume a repository name (as a webhook names it, with or without {@code .git}) stands for. */
    static Optional<VolumeId> volume(String repository) {
        if (repository == null) {
            return Optional.empty();
        }
        String name = repository.endsWith(".git") ? repository.substring(0, repository.length() - 4) : repository;
        try {
            if (name.equals("system")) {
                return Optional.of(VolumeId.SYSTEM);
            }
            if (name.startsWith("teams-")) {
                return Optional.of(VolumeId.team(name.substring("teams-".length())));
            }
            if (name.startsWith("users-")) {
                return Optional.of(VolumeId.user(name.substring("users-".length())));
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A URL (or any text holding one) without the user and password part. */
    static String mask(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("://***@");
    }
}
