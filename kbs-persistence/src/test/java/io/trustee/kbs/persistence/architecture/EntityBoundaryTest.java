package io.trustee.kbs.persistence.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Entities never leave kbs-persistence: the JPA repositories implement the ports that kbs-ejb
 * declares and convert between entities and the domain's value types, so no public method hands an
 * entity out or takes one in, and nothing outside the repositories touches an entity.
 */
class EntityBoundaryTest {
  static JavaClasses persistence;

  @BeforeAll
  static void importPersistence() {
    persistence =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.trustee.kbs.persistence");
  }

  @Test
  void theImportSeesEntitiesAndRepositories() {
    assertThat(persistence.size()).isGreaterThan(10);
    classes()
        .that()
        .resideInAPackage("..persistence.entity..")
        .and()
        .areTopLevelClasses()
        .and()
        .doNotHaveSimpleName("package-info")
        .should()
        .beAnnotatedWith("jakarta.persistence.Entity")
        .check(persistence);
  }

  @Test
  void repositoryPublicMethodsSpeakDomainTypesNotEntities() {
    methods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("..persistence.repository..")
        .and()
        .arePublic()
        .should()
        .haveRawReturnType(
            com.tngtech.archunit.base.DescribedPredicate.not(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                    "..persistence.entity..")))
        .check(persistence);
    methods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("..persistence.repository..")
        .and()
        .arePublic()
        .should(
            new com.tngtech.archunit.lang.ArchCondition<
                com.tngtech.archunit.core.domain.JavaMethod>("take no entity parameter") {
              @Override
              public void check(
                  com.tngtech.archunit.core.domain.JavaMethod m,
                  com.tngtech.archunit.lang.ConditionEvents events) {
                m.getRawParameterTypes().stream()
                    .filter(t -> t.getPackageName().contains(".persistence.entity"))
                    .forEach(
                        t ->
                            events.add(
                                com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                                    m, m.getFullName() + " takes entity " + t.getName())));
              }
            })
        .check(persistence);
  }

  @Test
  void persistenceImplementsPortsAndNeverCallsFacadesOrWeb() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.trustee.kbs.service..", "io.trustee.kbs.runtime..", "io.trustee.kbs.web..")
        .because("the dependency points from the adapter to the ports, not to the façades")
        .check(persistence);
  }
}
