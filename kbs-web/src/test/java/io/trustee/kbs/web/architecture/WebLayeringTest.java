package io.trustee.kbs.web.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web layer talks to the façades of kbs-ejb ({@code io.trustee.kbs.service}) and to the value
 * types they return; it never reaches the database: no JPA, no kbs-persistence class, no repository
 * port, no EntityManager.
 */
class WebLayeringTest {
  static JavaClasses web;

  @BeforeAll
  static void importWeb() {
    web =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.trustee.kbs.web");
  }

  @Test
  void theImportSeesTheWebLayer() {
    assertThat(web.size()).isGreaterThan(20);
  }

  @Test
  void webNeverTouchesPersistence() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.trustee.kbs.persistence..", "jakarta.persistence..", "org.eclipse.persistence..")
        .because("web depends on services, never on persistence")
        .check(web);
  }

  @Test
  void webNeverCallsRepositoryPortsDirectly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("Repository")
        .because("the façades in io.trustee.kbs.service own transactions and repositories")
        .check(web);
  }

  @Test
  void noPackageCyclesInTheWebLayer() {
    slices().matching("io.trustee.kbs.web.(*)..").should().beFreeOfCycles().check(web);
  }
}
