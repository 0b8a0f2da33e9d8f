package io.trustee.kbs.arquillian;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The deployment of every test class: the real {@code kbs.ear} that kbs-ear built (copied by the
 * build to the path in system property {@code kbs.arq.ear}) with two test-only additions.
 *
 * <ul>
 *   <li>The test classes as an EAR library: Arquillian does not add the test class to an {@link
 *       EnterpriseArchive} itself, and a library jar is visible to the WAR that runs the tests and
 *       sees the EJB module and {@code lib/} classes, as the application's own code does.
 *   <li>{@code WEB-INF/ibm-web-ext.xml} in each WAR, naming the context root that {@code
 *       application.xml} already gives it. The Liberty Arquillian container (2.1.3) looks the
 *       context root up in {@code application.xml} by the WAR's ShrinkWrap name, which has a
 *       leading slash and never matches, and then falls back to this file or to the WAR's file name
 *       ({@code /kbs-web}, where nothing is served). Liberty itself still takes the context root
 *       from {@code application.xml}, so the application is deployed unchanged.
 * </ul>
 *
 * <p>One subtraction: the console WAR ({@code kbs-console.war}, static pages and a servlet filter)
 * is left out, with its {@code application.xml} module. Arquillian's servlet protocol adds its test
 * runner to the one WAR of an EAR and refuses an EAR with several; the tests run in {@code
 * kbs-web}. The console's wiring is tested over HTTP against the real EAR ({@code ConsoleAccessIT},
 * {@code ConsoleBrowserIT} in kbs-ear).
 */
final class KbsDeployment {
  private static final String APPLICATION_XML = "META-INF/application.xml";
  private static final String CONSOLE_WAR = "kbs-console.war";

  private KbsDeployment() {}

  static EnterpriseArchive withTestClasses(Class<?>... testClasses) {
    String path = System.getProperty("kbs.arq.ear");
    if (path == null || !new File(path).isFile()) {
      throw new IllegalStateException(
          "system property kbs.arq.ear must name the built kbs.ear (set by the build): " + path);
    }
    // The archive name "kbs.ear" becomes the application name and the apps/ file name.
    EnterpriseArchive ear = ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(path));
    declareContextRoots(ear);
    JavaArchive tests =
        ShrinkWrap.create(JavaArchive.class, "kbs-arquillian-tests.jar").addClasses(testClasses);
    return ear.addAsLibrary(tests);
  }

  private static void declareContextRoots(EnterpriseArchive ear) {
    Node descriptor = ear.get(APPLICATION_XML);
    if (descriptor == null) {
      throw new IllegalStateException(ear.getName() + " has no " + APPLICATION_XML);
    }
    Document app = parse(descriptor);
    NodeList webs = app.getElementsByTagNameNS("*", "web");
    for (int i = webs.getLength() - 1; i >= 0; i--) {
      Element web = (Element) webs.item(i);
      String uri = text(web, "web-uri");
      String contextRoot = text(web, "context-root");
      if (uri.equals(CONSOLE_WAR)) {
        Element module = (Element) web.getParentNode();
        module.getParentNode().removeChild(module);
        ear.delete(uri);
        continue;
      }
      WebArchive war = ear.getAsType(WebArchive.class, uri);
      if (war.contains("WEB-INF/ibm-web-ext.xml")) {
        throw new IllegalStateException(uri + " has its own ibm-web-ext.xml; merge, don't replace");
      }
      war.addAsWebInfResource(
          new StringAsset(
              "<web-ext xmlns=\"http://websphere.ibm.com/xml/ns/javaee\" version=\"1.1\">"
                  + "<context-root uri=\""
                  + contextRoot
                  + "\"/></web-ext>"),
          "ibm-web-ext.xml");
    }
    ear.delete(APPLICATION_XML);
    ear.add(new StringAsset(serialize(app)), APPLICATION_XML);
  }

  private static String serialize(Document doc) {
    try {
      TransformerFactory f = TransformerFactory.newInstance();
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      StringWriter out = new StringWriter();
      f.newTransformer().transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot write " + APPLICATION_XML, e);
    }
  }

  private static Document parse(Node descriptor) {
    try (InputStream in = descriptor.getAsset().openStream()) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return f.newDocumentBuilder().parse(in);
    } catch (IOException | ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot read " + APPLICATION_XML, e);
    }
  }

  private static String text(Element parent, String child) {
    NodeList nodes = parent.getElementsByTagNameNS("*", child);
    if (nodes.getLength() != 1) {
      throw new IllegalStateException(
          APPLICATION_XML + ": <web> needs exactly one <" + child + ">");
    }
    return nodes.item(0).getTextContent().trim();
  }
}
