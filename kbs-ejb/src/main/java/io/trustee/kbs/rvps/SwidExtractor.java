package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The {@code swid} extractor (spec {@code rvps.md} §3.2) for TCG RIM / SWID tags such as NVIDIA GPU
 * RIMs: prefix {@code <PlatformManufacturerStr with spaces → _>.<edition>} from the first {@code
 * Meta} element; one reference value {@code <prefix>.measurement_<index>} (dashes → {@code _}) per
 * {@code Resource type="Measurement"} below the first {@code Payload}, with the non-zero {@code
 * Hash0}, {@code Hash1}, … values in order. No signature check (as upstream).
 *
 * <p>Parsed with the JDK DOM parser, namespace-aware, with DOCTYPEs refused and external entities
 * and XInclude disabled (no XXE). Stateless and thread-safe (a parser per call).
 */
public final class SwidExtractor implements ReferenceValueExtractor {
  static final String SWID_NS = "http://standards.iso.org/iso/19770/-2/2015/schema.xsd";
  static final String RIM_NS =
      "https://trustedcomputinggroup.org/resource/tcg-reference-integrity-manifest-rim-information-model/";
  static final String HASH_NS = "http://www.w3.org/2001/04/xmlenc#sha384";

  @Override
  public String type() {
    return "swid";
  }

  @Override
  public List<ReferenceValue> extract(byte[] payload, Instant now)
      throws InvalidReferenceValueException {
    Document doc = parse(payload);
    Element meta = first(doc.getElementsByTagNameNS(SWID_NS, "Meta"), "Meta");
    String manufacturer = meta.getAttributeNS(RIM_NS, "PlatformManufacturerStr");
    String edition = meta.getAttribute("edition");
    if (manufacturer.isEmpty()) {
      throw new InvalidReferenceValueException("payload.Meta.PlatformManufacturerStr", "missing");
    }
    if (edition.isEmpty()) {
      throw new InvalidReferenceValueException("payload.Meta.edition", "missing");
    }
    String prefix = manufacturer.replace(' ', '_') + "." + edition;
    Element payloadEl = first(doc.getElementsByTagNameNS(SWID_NS, "Payload"), "Payload");
    NodeList resources = payloadEl.getElementsByTagNameNS(SWID_NS, "Resource");
    List<ReferenceValue> out = new ArrayList<>();
    for (int i = 0; i < resources.getLength(); i++) {
      Element res = (Element) resources.item(i);
      if (!"Measurement".equals(res.getAttribute("type"))) {
        continue;
      }
      String index = res.getAttribute("index");
      if (index.isEmpty()) {
        throw new InvalidReferenceValueException(
            "payload.Resource[" + i + "].index", "missing on a Measurement resource");
      }
      ArrayNode hashes = JsonNodeFactory.instance.arrayNode();
      for (int h = 0; res.hasAttributeNS(HASH_NS, "Hash" + h); h++) {
        String v = res.getAttributeNS(HASH_NS, "Hash" + h);
        if (!v.chars().allMatch(c -> c == '0')) {
          hashes.add(v);
        }
      }
      if (!hashes.isEmpty()) {
        String name = (prefix + ".measurement_" + index).replace('-', '_');
        out.add(ReferenceValue.withDefaultExpiry(name, hashes, now));
      }
    }
    return out;
  }

  private static Element first(NodeList list, String what) throws InvalidReferenceValueException {
    if (list.getLength() == 0) {
      throw new InvalidReferenceValueException("payload." + what, "no " + what + " element");
    }
    return (Element) list.item(0);
  }

  static Document parse(byte[] xml) throws InvalidReferenceValueException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    } catch (SAXException | IOException e) {
      throw new InvalidReferenceValueException(
          "payload", "is not acceptable XML: " + e.getMessage(), e);
    }
  }
}
