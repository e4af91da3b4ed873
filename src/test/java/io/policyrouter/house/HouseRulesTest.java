package io.policyrouter.house;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules of docs/architecture.md ("Package map"), enforced on the product's classes (the tools source set
 * and the tests are not imported). Dependencies point down the request's flow: rest → service → annotate, policy,
 * dispatch → catalog → vocabulary; observe and the store hear plain events and know no stage.
 */
class HouseRulesTest {

    private static final String ROOT = "io.policyrouter";
    private static final String[] STAGES = {
            ROOT + ".annotate..", ROOT + ".policy..", ROOT + ".catalog..", ROOT + ".dispatch..", ROOT + ".rest..",
            ROOT + ".service..", ROOT + ".store..", ROOT + ".learn.."};

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        // Guard against a vacuous pass: the rules must see the product, not an empty class path.
        assertTrue(product.contain("io.policyrouter.service.RoutingService") && product.size() > 150,
                "the product's classes were not imported (" + product.size() + ")");
    }

    private static void check(ArchRule rule) {
        rule.check(product);
    }

    @Test
    void noPackageCycles() {
        check(slices().matching(ROOT + ".(**)").should().beFreeOfCycles());
    }

    @Test
    void vocabularyDependsOnNoStage() {
        check(noClasses().that().resideInAPackage(ROOT + ".vocabulary..").should().dependOnClassesThat()
                .resideInAnyPackage(STAGES).orShould().dependOnClassesThat().resideInAPackage(ROOT + ".observe.."));
    }

    @Test
    void annotateKnowsNeitherPolicyNorCatalogNorLaterStages() {
        check(noClasses().that().resideInAPackage(ROOT + ".annotate..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".policy..", ROOT + ".catalog..", ROOT + ".dispatch..", ROOT + ".rest..",
                        ROOT + ".service..", ROOT + ".observe..", ROOT + ".store.."));
    }

    @Test
    void policyKnowsNoTransportDispatchOrRecording() {
        check(noClasses().that().resideInAPackage(ROOT + ".policy..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".rest..", ROOT + ".dispatch..", ROOT + ".observe..", ROOT + ".service..",
                        ROOT + ".store.."));
    }

    @Test
    void catalogDependsOnConfigurationAndVocabularyOnly() {
        check(classes().that().resideInAPackage(ROOT + ".catalog..").should().onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".catalog..", ROOT + ".vocabulary..", "java..", "jakarta..",
                        "io.smallrye.config..", "io.quarkus.runtime..", "com.fasterxml.jackson.."));
    }

    @Test
    void observeKnowsNoStage() {
        check(noClasses().that().resideInAPackage(ROOT + ".observe..").should().dependOnClassesThat()
                .resideInAnyPackage(STAGES));
    }

    @Test
    void storeKnowsNoStage() {
        check(noClasses().that().resideInAPackage(ROOT + ".store..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".annotate..", ROOT + ".policy..", ROOT + ".catalog..", ROOT + ".dispatch..",
                        ROOT + ".rest..", ROOT + ".service..", ROOT + ".observe..", ROOT + ".learn.."));
    }

    @Test
    void learnReadsTheStoreAndTheCatalogOnly() {
        // The calibration loop judges outcomes from what the store kept; it never reaches into a request's flow.
        check(noClasses().that().resideInAPackage(ROOT + ".learn..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".annotate..", ROOT + ".policy..", ROOT + ".dispatch..", ROOT + ".rest..",
                        ROOT + ".service..", ROOT + ".observe.."));
    }

    @Test
    void noRestTypeInPolicyOrDispatch() {
        check(noClasses().that().resideInAnyPackage(ROOT + ".policy..", ROOT + ".dispatch..", ROOT + ".annotate..",
                ROOT + ".service..").should().dependOnClassesThat().resideInAPackage(ROOT + ".rest.."));
    }

    @Test
    void dispatchKnowsNoServiceOrTransport() {
        check(noClasses().that().resideInAPackage(ROOT + ".dispatch..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".service..", ROOT + ".rest..", ROOT + ".annotate.."));
    }

    @Test
    void resourcesHoldNoLogic() {
        // A resource may use its mapper and the service, nothing of the stages behind it.
        check(noClasses().that().haveSimpleNameEndingWith("Resource").and().resideInAPackage(ROOT + ".rest..")
                .and().doNotHaveSimpleName("CatalogResource").and().doNotHaveSimpleName("PolicyResource")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".annotate..", ROOT + ".dispatch..",
                        ROOT + ".observe.."));
    }

    @Test
    void offlineToolsAreNotInTheProduct() {
        check(noClasses().should().resideInAPackage(ROOT + ".tools.."));
    }
}
