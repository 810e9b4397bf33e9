package org.waymark;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Keeps the arrows one way: channels -> conversation -> (nlu, safety, directory, handoff, followup) -> store,
 * taxonomy, embedding. Fails on a cycle between modules or on a module reaching where it should not.
 */
class ModuleBoundariesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.waymark");

    @Test
    void modulesFormNoCycles() {
        slices().matching("org.waymark.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching("org.waymark.channel.(*)..").should().notDependOnEachOther().allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void coreKnowsNothingOfChannels() {
        noClasses().that().resideOutsideOfPackage("org.waymark.channel..")
                .and().resideOutsideOfPackage("org.waymark")
                .should().dependOnClassesThat().resideInAPackage("org.waymark.channel..")
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackage("org.waymark.channel..")
                .should().dependOnClassesThat().resideInAPackage("com.twilio..")
                .check(CLASSES);
    }

    @Test
    void onlyTheDialogEngineImportsSpringStatemachine() {
        noClasses().that().resideOutsideOfPackage("org.waymark.conversation..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.statemachine..")
                .check(CLASSES);
    }

    @Test
    void leafModulesDependOnNoFeature() {
        for (String leaf : new String[] {"taxonomy", "store", "nlu", "safety", "embedding"}) {
            noClasses().that().resideInAPackage("org.waymark." + leaf + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "org.waymark.conversation..", "org.waymark.channel..", "org.waymark.handoff..",
                            "org.waymark.followup..", "org.waymark.reporting..", "org.waymark.directory..")
                    .check(CLASSES);
        }
        noClasses().that().resideInAPackage("org.waymark.directory..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.waymark.conversation..", "org.waymark.channel..", "org.waymark.handoff..",
                        "org.waymark.nlu..", "org.waymark.safety..")
                .check(CLASSES);
    }

    /**
     * {@code limits} (the shared buckets and the body cap) serves channels and accounts and knows only the store;
     * {@code accounts} knows only limits, so a sign-in lock reaches the audit trail as an event handoff listens to.
     */
    @Test
    void limitsAndAccountsKnowNoFeature() {
        noClasses().that().resideInAPackage("org.waymark.limits..")
                .should().dependOnClassesThat(resideInAPackage("org.waymark..")
                        .and(not(resideInAnyPackage("org.waymark.limits..", "org.waymark.store.."))))
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.waymark.accounts..")
                .should().dependOnClassesThat(resideInAPackage("org.waymark..")
                        .and(not(resideInAnyPackage("org.waymark.accounts..", "org.waymark.limits.."))))
                .check(CLASSES);
    }

    @Test
    void theEmbeddingModuleDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.waymark.embedding..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.waymark..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("org.waymark.embedding.."))))
                .check(CLASSES);
    }

    @Test
    void internalsStayInsideTheirModule() {
        for (String module : new String[] {"conversation", "nlu", "safety", "directory", "handoff", "followup",
                "reporting", "store", "limits", "channel.sms", "channel.webchat"}) {
            noClasses().that().resideOutsideOfPackage("org.waymark." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("org.waymark." + module + ".internal..")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }
}
