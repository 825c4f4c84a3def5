package dev.llmos.skill;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.llmos.volume.Snapshot;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/** Starting points for new skills: the seed-format files in the system volume's {@code templates/}. */
public final class SkillTemplates {

    /** A template: its id, what it is for, and the full text to start editing from. */
    public record Template(String id, String name, String description, String text) {
    }

    private final VolumeStore store;

    public SkillTemplates(VolumeStore store) {
        this.store = store;
    }

    public List<Template> list() {
        List<Template> out = new ArrayList<>();
        Optional<dev.llmos.volume.Volume> system = store.find(VolumeId.SYSTEM);
        if (system.isEmpty()) {
            return out;
        }
        Snapshot snapshot = system.get().snapshot();
        for (Snapshot.Entry e : snapshot.files("templates")) {
            String rest = e.path().substring("templates/".length());
            if (rest.contains("/") || !rest.endsWith(".md")) {
                continue;
            }
            String text = new String(snapshot.read(e), StandardCharsets.UTF_8);
            FrontMatter fm = FrontMatter.parse(e.path(), text);
            String id = rest.substring(0, rest.length() - 3);
            out.add(new Template(id, id, String.valueOf(fm.fields().getOrDefault("description", "")), text));
        }
        return out;
    }
}
