package io.trustee.kbs.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The Arquillian server must run the application as production does: its server.xml is {@code
 * server-config/server.xml} without the {@code <enterpriseApplication>} (Arquillian deploys the
 * EAR) and with the Arquillian features, and nothing else may differ. A unit test (no server), so
 * it runs with {@code -DskipITs} too.
 */
class TestServerXmlTest {
  private static final Set<String> ARQUILLIAN_FEATURES =
      Set.of("localConnector-1.0", "usr:arquillian-support-jakarta-2.1");

  @Test
  void isTheProductionServerXmlWithoutTheApplicationAndWithTheArquillianFeatures()
      throws Exception {
    Element production = parse(Path.of("../server-config/server.xml"));
    Element test = parse(Path.of("src/test/liberty/config/server.xml"));

    assertThat(remove(production, n -> n.getNodeName().equals("enterpriseApplication")))
        .as("<enterpriseApplication> in server-config/server.xml")
        .isEqualTo(1);
    List<String> removedFeatures = new ArrayList<>();
    remove(
        test,
        n -> {
          boolean arq =
              n.getNodeName().equals("feature")
                  && ARQUILLIAN_FEATURES.contains(n.getTextContent().trim());
          if (arq) {
            removedFeatures.add(n.getTextContent().trim());
          }
          return arq;
        });

    assertThat(removedFeatures).containsExactlyInAnyOrderElementsOf(ARQUILLIAN_FEATURES);
    assertThat(canonical(test)).isEqualTo(canonical(production));
  }

  private static Element parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    return f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
  }

  /** Removes every element below {@code root} that {@code which} selects; returns how many. */
  private static int remove(Node root, java.util.function.Predicate<Node> which) {
    int removed = 0;
    for (Node c = root.getFirstChild(); c != null; ) {
      Node next = c.getNextSibling();
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        if (which.test(c)) {
          root.removeChild(c);
          removed++;
        } else {
          removed += remove(c, which);
        }
      }
      c = next;
    }
    return removed;
  }

  /** Elements, attributes (sorted) and non-blank text; comments and layout ignored. */
  private static String canonical(Node n) {
    StringBuilder sb = new StringBuilder();
    if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
      String t = n.getNodeValue().trim();
      return t.isEmpty() ? "" : t + "\n";
    }
    if (n.getNodeType() != Node.ELEMENT_NODE) {
      return "";
    }
    TreeMap<String, String> attributes = new TreeMap<>();
    NamedNodeMap a = n.getAttributes();
    for (int i = 0; i < a.getLength(); i++) {
      attributes.put(a.item(i).getNodeName(), a.item(i).getNodeValue());
    }
    sb.append('<').append(n.getNodeName()).append(' ').append(attributes).append(">\n");
    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
      sb.append(canonical(c));
    }
    return sb.append("</").append(n.getNodeName()).append(">\n").toString();
  }
}
