package dev.llmos;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Keeps the feature packages honest: no cycles, and dependencies only point down. */
class ModularityTests {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.llmos");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.llmos.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void volumeKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("dev.llmos.volume..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.llmos.skill..", "dev.llmos.access..",
                        "dev.llmos.web..", "dev.llmos.cli..")
                .check(CLASSES);
    }

    @Test
    void skillAndAccessDependOnlyOnVolume() {
        noClasses().that().resideInAnyPackage("dev.llmos.skill..", "dev.llmos.access..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.llmos.web..", "dev.llmos.cli..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.llmos.skill..")
                .should().dependOnClassesThat().resideInAPackage("dev.llmos.access..")
                .check(CLASSES);
    }

    @Test
    void promotionKnowsOnlyVolumesSkillsAgentsAndAccess() {
        noClasses().that().resideInAPackage("dev.llmos.promotion..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.llmos.web..", "dev.llmos.cli..", "dev.llmos.chat..",
                        "dev.llmos.llm..", "dev.llmos.trace..", "dev.llmos.evolution..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("dev.llmos.access..", "dev.llmos.skill..", "dev.llmos.volume..")
                .should().dependOnClassesThat().resideInAPackage("dev.llmos.promotion..").check(CLASSES);
    }

    @Test
    void evolutionIsAFeatureNothingBelowKnows() {
        noClasses().that().resideInAPackage("dev.llmos.evolution..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.llmos.web..", "dev.llmos.cli..", "dev.llmos.chat..",
                        "dev.llmos.promotion..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("dev.llmos.volume..", "dev.llmos.skill..", "dev.llmos.trace..",
                        "dev.llmos.access..", "dev.llmos.llm..", "dev.llmos.chat..")
                .should().dependOnClassesThat().resideInAPackage("dev.llmos.evolution..").check(CLASSES);
    }

    @Test
    void syncKnowsOnlyVolumes() {
        noClasses().that().resideInAPackage("dev.llmos.sync..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.llmos.web..", "dev.llmos.cli..", "dev.llmos.chat..",
                        "dev.llmos.llm..", "dev.llmos.trace..", "dev.llmos.evolution..", "dev.llmos.promotion..",
                        "dev.llmos.skill..", "dev.llmos.access..", "dev.llmos.compat..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.llmos.volume..")
                .should().dependOnClassesThat().resideInAPackage("dev.llmos.sync..").check(CLASSES);
    }

    @Test
    void turnKnowsNothingOfLlmos() {
        noClasses().that().resideInAPackage("dev.llmos.turn..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.llmos")
                .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("another LLMos package",
                        c -> c.getPackageName().startsWith("dev.llmos.") && !c.getPackageName().startsWith("dev.llmos.turn")))
                .check(CLASSES);
    }

    @Test
    void webAndCliAreFacesThatDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.llmos.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.llmos.cli..").check(CLASSES);
        noClasses().that().resideInAPackage("dev.llmos.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.llmos.web..").check(CLASSES);
    }
}
