package dev.llmos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.llmos.skill.SkillProblem;

/**
 * The loop behind the {@code validate} commands: each path is a file, or a folder standing for the
 * files in it that the command reads; every problem is printed (errors to stderr) and counted.
 */
final class FileCheck {

    /** The problems of one file, each naming that file. */
    interface Check {
        List<SkillProblem> problems(Path file) throws IOException;
    }

    record Tally(int files, int errors, int warnings) {
    }

    private FileCheck() {
    }

    /** The problems, each saying it is in {@code file} (parsers name the path they were given). */
    static List<SkillProblem> naming(String file, List<SkillProblem> problems) {
        return problems.stream().map(p -> new SkillProblem(file, p.field(), p.line(), p.severity(), p.message())).toList();
    }

    /**
     * @param recursive whether a folder stands for its whole tree or only the files directly in it
     * @param wanted    which files of a folder are read
     */
    static Tally run(List<Path> paths, boolean recursive, Predicate<Path> wanted, Check check) throws IOException {
        int files = 0;
        int errors = 0;
        int warnings = 0;
        for (Path root : paths) {
            List<Path> candidates;
            if (Files.isDirectory(root)) {
                try (Stream<Path> found = recursive ? Files.walk(root) : Files.list(root)) {
                    candidates = found.filter(Files::isRegularFile).filter(wanted).sorted().toList();
                }
            } else if (Files.isRegularFile(root)) {
                candidates = List.of(root);
            } else {
                System.err.println(root + ": no such file or folder");
                errors++;
                continue;
            }
            for (Path file : candidates) {
                files++;
                for (SkillProblem p : check.problems(file)) {
                    (p.isError() ? System.err : System.out).println(p);
                    if (p.isError()) {
                        errors++;
                    } else {
                        warnings++;
                    }
                }
            }
        }
        return new Tally(files, errors, warnings);
    }
}
