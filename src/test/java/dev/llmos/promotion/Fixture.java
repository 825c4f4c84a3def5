package dev.llmos.promotion;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/** A real volume store in a temp folder, the service over it, and the people of two teams. */
final class Fixture implements AutoCloseable {

    static final VolumeId ALICE_VOL = VolumeId.user("alice");
    static final VolumeId ENG = VolumeId.team("eng");

    static final Principal ALICE = new Principal("alice", "eng", TeamRole.MEMBER, false, Scope.WRITE);
    static final Principal BOB = new Principal("bob", "eng", TeamRole.MAINTAINER, false, Scope.WRITE);
    static final Principal CAROL = new Principal("carol", "eng", TeamRole.MEMBER, false, Scope.WRITE);
    static final Principal EVE = new Principal("eve", "ops", TeamRole.MAINTAINER, false, Scope.WRITE);
    static final Principal ROOT = new Principal("root", "ops", TeamRole.MEMBER, true, Scope.ADMIN);

    final VolumeStore store;
    final SkillCatalog catalog;
    final PromotionService service;

    Fixture(Path root) {
        store = new VolumeStore(root);
        catalog = new SkillCatalog(store);
        service = new PromotionService(store, catalog, new AccessPolicy(), Clock.systemUTC());
    }

    /** A fresh service over the same store: what a restart sees. */
    PromotionService restarted() {
        return new PromotionService(store, new SkillCatalog(store), new AccessPolicy(), Clock.systemUTC());
    }

    static String seed(String id, String description) {
        return "---\nname: " + id + "\ncategory: coding\ndescription: " + description + "\nkeywords: [test]\n---\n\n# "
                + id + "\n\n" + description + "\n";
    }

    static String agentSkill(String id, String description) {
        return "---\nname: " + id + "\ndescription: " + description + "\n---\n\n# " + id + "\n\nSee references/guide.md.\n";
    }

    CommitInfo put(VolumeId volume, String who, Map<String, String> files) {
        List<FileChange> changes = new ArrayList<>();
        files.forEach((p, text) -> changes.add(text == null ? new FileChange.Delete(p)
                : new FileChange.Put(p, text.getBytes(StandardCharsets.UTF_8))));
        return store.open(volume).commit(Author.user(who), "test edit", changes);
    }

    CommitInfo putSeed(VolumeId volume, String who, String id, String description) {
        return put(volume, who, Map.of("skills/" + id + ".md", seed(id, description)));
    }

    String read(VolumeId volume, String path) {
        return store.open(volume).snapshot().read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    String head(VolumeId volume) {
        return store.exists(volume) ? store.open(volume).snapshot().commitId() : null;
    }

    /** Heads of every volume on disk, to prove nothing was written. */
    Map<VolumeId, String> heads() {
        Map<VolumeId, String> out = new LinkedHashMap<>();
        for (VolumeId v : store.list()) {
            out.put(v, head(v));
        }
        return out;
    }

    @Override
    public void close() {
        store.close();
    }
}
