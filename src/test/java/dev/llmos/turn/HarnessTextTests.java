package dev.llmos.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class HarnessTextTests {

    @Test
    void remindersAreDroppedWhereverTheyStand() {
        assertThat(HarnessText.personWords("<system-reminder>\nToday is 2026-12-04.\n</system-reminder>\nWrite a haiku about autumn"))
                .isEqualTo("Write a haiku about autumn");
        assertThat(HarnessText.personWords(List.of("<system-reminder>a</system-reminder>",
                "Fix the bug <system-reminder>b</system-reminder> in parser.py"))).isEqualTo("Fix the bug  in parser.py");
    }

    @Test
    void clinesTaskIsKeptAndItsEnvironmentDropped() {
        assertThat(HarnessText.personWords("<task>\nAdd retries to the HTTP client\n</task>\n\n<environment_details>\n# VSCode Visible Files\nsrc/http.ts\n</environment_details>"))
                .isEqualTo("Add retries to the HTTP client");
    }

    @Test
    void aContextPartOfAHarnessNotNamedHereIsDroppedBesideThePersonsWords() {
        assertThat(HarnessText.personWords(List.of("<repo_map>\nsrc/a.py\nsrc/b.py\n</repo_map>", "Rename foo to bar")))
                .isEqualTo("Rename foo to bar");
    }

    @Test
    void xmlThePersonPastedAloneIsTheirs() {
        String pasted = "<dependency>\n  <groupId>org.example</groupId>\n</dependency>";
        assertThat(HarnessText.personWords(List.of(pasted))).isEqualTo(pasted);
        assertThat(HarnessText.personWords("Why does this fail?\n" + pasted)).isEqualTo("Why does this fail?\n" + pasted);
    }

    @Test
    void slashCommandsKeepTheCommandAndItsArguments() {
        assertThat(HarnessText.personWords("<command-message>review is running…</command-message>\n<command-name>/review</command-name>\n<command-args>the login PR</command-args>"))
                .isEqualTo("/review\nthe login PR");
    }

    @Test
    void codeWithAngleBracketsIsLeftAlone() {
        String code = "Why is `if (a<b && c>d)` slow? List<String> x = new ArrayList<>();";
        assertThat(HarnessText.personWords(code)).isEqualTo(code);
        assertThat(HarnessText.isWrapped(code)).isFalse();
    }

    @Test
    void headingsAndNoticesLeftByARemovedBlockGoToo() {
        assertThat(HarnessText.personWords(List.of("# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\nUse ruff\n</INSTRUCTIONS>",
                "Lint the project"))).isEqualTo("Lint the project");
        assertThat(HarnessText.personWords("[Request interrupted by user]")).isEmpty();
    }
}
