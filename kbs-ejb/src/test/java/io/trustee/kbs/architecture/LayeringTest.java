package io.trustee.kbs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of kbs-ejb, stated as rules (ARCHITECTURE.md explains them). The domain is plain
 * Java: the packages that parse, verify, appraise and encrypt import nothing of Jakarta EE or
 * MicroProfile, and never reach up into the container façades ({@code service}) or their wiring
 * ({@code runtime}). Only {@code service} and {@code runtime} are container code. No two packages
 * depend on each other.
 */
class LayeringTest {
  /** Plain Java packages: everything except the container façades and their wiring. */
  static final String[] DOMAIN = {
    "io.trustee.kbs.admin..",
    "io.trustee.kbs.as..",
    "io.trustee.kbs.attestation..",
    "io.trustee.kbs.audit..",
    "io.trustee.kbs.broker..",
    "io.trustee.kbs.config..",
    "io.trustee.kbs.crypto..",
    "io.trustee.kbs.eventlog..",
    "io.trustee.kbs.json..",
    "io.trustee.kbs.metrics..",
    "io.trustee.kbs.mounted..",
    "io.trustee.kbs.policy..",
    "io.trustee.kbs.protocol..",
    "io.trustee.kbs.resource..",
    "io.trustee.kbs.rvps..",
    "io.trustee.kbs.session..",
    "io.trustee.kbs.store..",
    "io.trustee.kbs.throttle..",
    "io.trustee.kbs.token..",
    "io.trustee.kbs.util..",
  };

  static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.trustee.kbs");
  }

  /** The rules below have teeth: the import sees the code, and the façades do use Jakarta. */
  @Test
  void theImportSeesTheWholeModule() {
    assertThat(main.size()).isGreaterThan(300);
    classes()
        .that()
        .resideInAPackage("io.trustee.kbs.service")
        .and()
        .haveSimpleName("KbsProtocolService")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta..")
        .check(main);
  }

  @Test
  void domainPackagesImportNoJakartaAndNoMicroProfile() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta..", "javax.ejb..", "org.eclipse.microprofile..")
        .because("the domain is plain Java, tested without a container")
        .check(main);
  }

  @Test
  void domainNeverReachesUpIntoFacadesOrWiring() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.trustee.kbs.service..", "io.trustee.kbs.runtime..")
        .because("façades call the domain, never the other way round")
        .check(main);
  }

  @Test
  void kbsEjbKnowsNothingOfPersistenceOrWeb() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.trustee.kbs.persistence..", "io.trustee.kbs.web..", "org.eclipse.persistence..")
        .because("kbs-persistence implements the ports that kbs-ejb declares, not the reverse")
        .check(main);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.trustee.kbs.(*)..").should().beFreeOfCycles().check(main);
  }
}
