package dev.llmos.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillFormat;
import dev.llmos.skill.SkillImporter;
import dev.llmos.skill.SkillMarkdown;
import dev.llmos.skill.SkillParser;
import dev.llmos.skill.SkillProblem;
import dev.llmos.skill.SkillService;
import dev.llmos.skill.SkillText;
import dev.llmos.skill.SkillTooLargeException;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "skills", mixinStandardHelpOptions = true, description = "List, show, validate and import skills.",
        subcommands = {SkillsCommand.ListSkills.class, SkillsCommand.ShowSkill.class,
                SkillsCommand.ValidateSkills.class, SkillsCommand.ImportSkills.class})
final class SkillsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static class VolumesOption {
        @Option(names = "--volumes", defaultValue = "${env:LLMOS_VOLUMES_PATH:-./volumes}",
                description = "Volumes folder (env LLMOS_VOLUMES_PATH; default ${DEFAULT-VALUE}).")
        Path volumes;
        @Option(names = "--max-skill-bytes", defaultValue = "${env:LLMOS_MAX_SKILL_BYTES:-262144}",
                description = "Largest skill file read or written (env LLMOS_MAX_SKILL_BYTES; default ${DEFAULT-VALUE}).")
        int maxSkillBytes;

        SkillCatalog catalog(VolumeStore store) {
            return new SkillCatalog(store, maxSkillBytes);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the skills a user sees (user > team > system).")
    static final class ListSkills implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        VolumesOption where = new VolumesOption();
        @Option(names = "--user", description = "User id.")
        String user;
        @Option(names = "--team", description = "Team id.")
        String team;

        @Override
        public Integer call() {
            try (VolumeStore store = new VolumeStore(where.volumes)) {
                List<Skill> skills = where.catalog(store).visibleTo(user, team);
                for (Skill s : skills) {
                    System.out.printf("%-40s %-16s %-12s %s%n", s.id(), s.volume(), s.category(), SkillText.oneLine(s.description(), 80));
                }
                System.out.println(Count.of(skills.size(), "skill"));
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a skill's file as the user sees it.")
    static final class ShowSkill implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        VolumesOption where = new VolumesOption();
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--user")
        String user;
        @Option(names = "--team")
        String team;

        @Override
        public Integer call() {
            try (VolumeStore store = new VolumeStore(where.volumes)) {
                var skill = where.catalog(store).find(id, user, team);
                if (skill.isEmpty()) {
                    System.err.println("skill '" + id + "' not found");
                    return 1;
                }
                Skill s = skill.get();
                System.out.println("# " + s.volume() + "/" + s.path() + " @ " + s.commit());
                System.out.print(SkillMarkdown.render(s));
                if (!s.files().isEmpty()) {
                    System.out.println("\n# files: " + String.join(", ", s.files()));
                }
                return 0;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check skill files (seed .md, SKILL.md folders, .mdc, .cursorrules, Copilot files). Exit 1 on errors.")
    static final class ValidateSkills implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders.")
        List<Path> paths;

        @Override
        public Integer call() throws IOException {
            SkillImporter importer = new SkillImporter(Set.of());
            FileCheck.Tally tally = FileCheck.run(paths, true, ValidateSkills::isSkillFile, file -> check(file, importer));
            System.out.println(Count.of(tally.files(), "file") + " checked: " + Count.of(tally.errors(), "error") + ", "
                    + Count.of(tally.warnings(), "warning"));
            return tally.errors() == 0 ? 0 : 1;
        }

        private static boolean isSkillFile(Path p) {
            String name = p.getFileName().toString();
            return SkillFormat.forFileName(name) != null || (name.endsWith(".md") && p.getParent() != null
                    && p.getParent().getFileName() != null && p.getParent().getFileName().toString().equals("skills"));
        }

        private static List<SkillProblem> check(Path file, SkillImporter importer) throws IOException {
            String name = file.getFileName().toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            SkillFormat format = SkillFormat.forFileName(name);
            String shown = file.toString();
            if (format == SkillFormat.AGENT_SKILL) {
                String folder = file.getParent() == null ? null : file.getParent().getFileName().toString();
                return FileCheck.naming(shown, SkillParser.parseStored("skills/" + folder + "/SKILL.md", text).problems());
            }
            if (format == null) {
                return FileCheck.naming(shown, SkillParser.parseStored("skills/" + name, text).problems());
            }
            return FileCheck.naming(shown, importer.convert(shown, format, text, Map.of()).problems());
        }

    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import skills, Cursor rules and Copilot files from a folder into a volume, as one commit.")
    static final class ImportSkills implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        VolumesOption where = new VolumesOption();
        @Parameters(paramLabel = "PATH", description = "Folder (or file) to import from.")
        Path source;
        @ArgGroup(exclusive = true)
        Target target;
        @Option(names = "--dry-run", description = "Convert and count, write nothing.")
        boolean dryRun;
        @Option(names = "--verbose", description = "Print every warning.")
        boolean verbose;

        static class Target {
            @Option(names = "--user", description = "Import into users/USER.")
            String user;
            @Option(names = "--team", description = "Import into teams/TEAM.")
            String team;
            @Option(names = "--system", description = "Import into the system volume.")
            boolean system;
        }

        @Override
        public Integer call() {
            if (!Files.exists(source)) {
                System.err.println(source + ": no such file or folder");
                return 2;
            }
            SkillImporter.Report report = new SkillImporter(Set.of()).scan(source);
            print(report, System.out);
            report.skippedLinks().forEach(link -> System.out.println("skipped symbolic link: " + link));
            if (!report.failures().isEmpty()) {
                report.failures().forEach(f -> System.err.println("failed: " + f));
            }
            if (dryRun) {
                return report.failures().isEmpty() ? 0 : 1;
            }
            if (target == null) {
                System.err.println("say where to import: --user USER, --team TEAM or --system (or --dry-run)");
                return 2;
            }
            VolumeId volume = target.system ? VolumeId.SYSTEM
                    : target.team != null ? VolumeId.team(target.team) : VolumeId.user(target.user);
            if (report.skills().isEmpty()) {
                System.out.println("nothing to import");
                return report.failures().isEmpty() ? 0 : 1;
            }
            try (VolumeStore store = new VolumeStore(where.volumes)) {
                var refused = FolderInUse.refusal(store, "skills import", "Import through it instead: the web UI's Skills "
                        + "screen (Import skills…, {url}ui/skills) or POST {url}skills/import.");
                if (refused.isPresent()) {
                    System.err.println(refused.get());
                    return 1;
                }
                SkillCatalog catalog = where.catalog(store);
                SkillService service = new SkillService(store, catalog, where.maxSkillBytes);
                CommitInfo commit = service.importAll(volume, report.skills(), Author.user(System.getProperty("user.name", "cli")
                        .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "-")), source.getFileName().toString());
                System.out.println("imported " + Count.of(report.skills().size(), "skill") + " into " + volume + " at " + commit.shortId());
            } catch (SkillTooLargeException e) {
                System.err.println("nothing imported: " + e.getMessage());
                return 1;
            }
            return report.failures().isEmpty() ? 0 : 1;
        }

        private void print(SkillImporter.Report report, PrintStream out) {
            report.counts().forEach((format, count) -> out.println(format.label() + ": " + count));
            long warnings = report.skills().stream().mapToLong(i -> i.problems().size()).sum();
            out.println("total: " + Count.of(report.skills().size(), "skill") + ", " + Count.of(warnings, "warning") + ", "
                    + Count.of(report.failures().size(), "failure"));
            if (verbose) {
                report.skills().forEach(i -> i.problems().forEach(out::println));
            }
        }
    }
}
