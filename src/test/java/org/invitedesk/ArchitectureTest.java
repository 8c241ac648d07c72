package org.invitedesk;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Layer rules: dependencies point one way; only the ui knows JavaFX; view models know no scene graph. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.invitedesk");

    @Test
    void viewModelsImportNoSceneStageOrFxml() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..")
                .check(CLASSES);
    }

    @Test
    void nothingOutsideUiImportsJavaFx() {
        noClasses().that().resideOutsideOfPackages("org.invitedesk.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
                .check(CLASSES);
    }

    @Test
    void servicesDoNotDependOnUiOrCli() {
        noClasses().that().resideInAnyPackage("org.invitedesk.service..", "org.invitedesk.data..", "org.invitedesk.mail..",
                        "org.invitedesk.template..", "org.invitedesk.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.invitedesk.ui..", "org.invitedesk.cli..")
                .check(CLASSES);
    }
}
