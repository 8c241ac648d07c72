package org.invitedesk;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer rules: `ui` / `cli` → `service` → `data` / `mail` / `template` → `domain`, with `app` on top
 * deciding window or command. Each rule is checked on the app, and shown to fail on a small
 * package of deliberate breaches ({@code org.invitedesk.archfixture}).
 */
class ArchitectureTest {
    static final String APP = "org.invitedesk";
    static final String FIXTURE = "org.invitedesk.archfixture";

    static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(APP);
    static final JavaClasses BREACHES = new ClassFileImporter().importPackages(FIXTURE);

    static ArchRule viewModelsKnowNoSceneGraph(String root) {
        return noClasses().that().haveSimpleNameEndingWith("ViewModel").and().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..");
    }

    static ArchRule onlyUiKnowsJavaFx(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(root + ".ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..");
    }

    /** No import and no fully qualified use: ArchUnit reads the byte code, which has both. */
    static ArchRule frontEndsNeverUseData(String root) {
        return noClasses().that().resideInAnyPackage(root + ".ui..", root + ".cli..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".data..");
    }

    static ArchRule frontEndsNeverUseEachOtherOrTheLauncher(String root) {
        return noClasses().that().resideInAPackage(root + ".ui..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".cli..", root + ".app..");
    }

    static ArchRule cliNeverUsesUiOrTheLauncher(String root) {
        return noClasses().that().resideInAPackage(root + ".cli..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".ui..", root + ".app..").allowEmptyShould(true);
    }

    static ArchRule mailAndTemplatesStayBelowTheServices(String root) {
        return noClasses().that().resideInAnyPackage(root + ".mail..", root + ".template..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".data..", root + ".service..");
    }

    static ArchRule servicesKnowNoFrontEnd(String root) {
        return noClasses().that().resideInAnyPackage(root + ".service..", root + ".data..", root + ".mail..", root + ".template..",
                        root + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".ui..", root + ".cli..", root + ".app..").allowEmptyShould(true);
    }

    static ArchRule noCyclesBetweenTopLevelPackages(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static final List<Function<String, ArchRule>> RULES = List.of(ArchitectureTest::viewModelsKnowNoSceneGraph,
            ArchitectureTest::onlyUiKnowsJavaFx, ArchitectureTest::frontEndsNeverUseData,
            ArchitectureTest::frontEndsNeverUseEachOtherOrTheLauncher, ArchitectureTest::cliNeverUsesUiOrTheLauncher,
            ArchitectureTest::mailAndTemplatesStayBelowTheServices, ArchitectureTest::noCyclesBetweenTopLevelPackages);

    @Test
    void theAppKeepsEveryLayerRule() {
        for (Function<String, ArchRule> rule : RULES) rule.apply(APP).check(CLASSES);
        servicesKnowNoFrontEnd(APP).check(CLASSES);
    }

    @Test
    void everyRuleCatchesItsBreach() {
        for (Function<String, ArchRule> rule : RULES) {
            ArchRule r = rule.apply(FIXTURE);
            assertThat(r.evaluate(BREACHES).hasViolation()).as(r.getDescription()).isTrue();
        }
    }

    @Test
    void noMainJavaFileIsLongerThan350Lines() throws Exception {
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            List<String> long_ = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 350)
                    .map(f -> f + " (" + lines(f) + ")").toList();
            assertThat(long_).isEmpty();
        }
    }

    static long lines(java.nio.file.Path f) {
        try {
            return java.nio.file.Files.readAllLines(f).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
