package io.trustee.kbs.arquillian;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/**
 * The deployment of every test class: the real {@code kbs.ear} that kbs-ear built (copied by the
 * build to the path in system property {@code kbs.arq.ear}) plus the test classes as an EAR
 * library. Arquillian does not add the test class to an {@link EnterpriseArchive} itself, and
 * a library jar is visible to the WAR that runs the tests and sees the EJB module and {@code
 * lib/} classes, as the application's own code does.
 */
final class KbsDeployment {
  private KbsDeployment() {}

  static EnterpriseArchive withTestClasses(Class<?>... testClasses) {
    String ear = System.getProperty("kbs.arq.ear");
    if (ear == null || !new File(ear).isFile()) {
      throw new IllegalStateException(
          "system property kbs.arq.ear must name the built kbs.ear (set by the build): " + ear);
    }
    JavaArchive tests =
        ShrinkWrap.create(JavaArchive.class, "kbs-arquillian-tests.jar")
            .addClass(KbsDeployment.class)
            .addClasses(testClasses);
    // The archive name becomes the application name ("kbs") and the apps/ file name.
    return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(ear)).addAsLibrary(tests);
  }
}
