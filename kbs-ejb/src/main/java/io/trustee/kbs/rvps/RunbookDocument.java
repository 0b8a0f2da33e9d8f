package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.attestation.spi.TeeRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The runbook document R4 (spec {@code kbs-config.md} §5.4): a JSON array of named groups, mapped
 * to reference values as follows.
 *
 * <ul>
 *   <li>A group with {@code pcrs} (object index → digest, or → array of digests) gives one value
 *       per PCR named {@code <prefix>_pcrNN}; the prefix is that of the TEE whose {@link
 *       io.trustee.kbs.attestation.spi.PcrBank} lists the group name in the {@link TeeRegistry}
 *       ({@code snp} for {@code azure-vtpm-snp} and {@code az-snp-vtpm}, {@code tdx} for {@code
 *       azure-vtpm-tdx} and {@code az-tdx-vtpm}, {@code tpm} for {@code tpm}), otherwise the group
 *       name with {@code -} → {@code _}. Indexes {@code "3"} or {@code "03"} (0–23); digests
 *       lowercased, an optional {@code 0x} or {@code sha256:} prefix removed, exactly 64 hex
 *       characters.
 *   <li>A group with {@code images} (array of {@code {image, digest}}) gives {@code
 *       container_images} (the images), {@code container_image_digests} (the {@code sha256:…}
 *       digests) and {@code container_image_refs} ({@code <image without tag>@<digest>}).
 *   <li>Any other member {@code m} of a group (besides {@code name}) is stored as {@code <group
 *       name>.<m>} with its JSON value, and reported as a warning.
 *   <li>Values of the same name from several groups merge (set union, first appearance first).
 *   <li>Expiry: the default (creation + 12 months).
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class RunbookDocument {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern INDEX = Pattern.compile("\\d{1,2}");

  /** The values, plus warnings about members mapped by the generic rule. */
  public record Result(List<ReferenceValue> values, List<String> warnings) {
    public Result {
      values = List.copyOf(values);
      warnings = List.copyOf(warnings);
    }
  }

  private RunbookDocument() {}

  /** PCR reference-value prefix for a runbook group name (installed TEEs). */
  public static String pcrPrefix(String groupName) {
    return pcrPrefix(TeeRegistry.installed(), groupName);
  }

  /** PCR reference-value prefix for a runbook group name, with the TEEs of {@code tees}. */
  public static String pcrPrefix(TeeRegistry tees, String groupName) {
    return tees.pcrPrefixOfRunbookGroup(groupName).orElse(groupName.replace('-', '_'));
  }

  /** Maps a parsed runbook array (installed TEEs). */
  public static Result toReferenceValues(JsonNode doc, Instant now)
      throws InvalidReferenceValueException {
    return toReferenceValues(doc, now, TeeRegistry.installed());
  }

  /** Maps a parsed runbook array, with the runbook groups of {@code tees}. */
  public static Result toReferenceValues(JsonNode doc, Instant now, TeeRegistry tees)
      throws InvalidReferenceValueException {
    if (doc == null || !doc.isArray()) {
      throw new InvalidReferenceValueException("$", "a runbook document must be a JSON array");
    }
    Map<String, JsonNode> merged = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (int g = 0; g < doc.size(); g++) {
      JsonNode group = doc.get(g);
      String path = "[" + g + "]";
      if (!group.isObject()) {
        throw new InvalidReferenceValueException(path, "a runbook group must be an object");
      }
      JsonNode nameNode = group.get("name");
      if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().isBlank()) {
        throw new InvalidReferenceValueException(path + ".name", "missing or not a string");
      }
      String name = nameNode.textValue();
      for (Iterator<Map.Entry<String, JsonNode>> it = group.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> m = it.next();
        String field = path + "." + m.getKey();
        switch (m.getKey()) {
          case "name" -> {}
          case "pcrs" -> pcrs(pcrPrefix(tees, name), m.getValue(), field, merged);
          case "images" -> images(m.getValue(), field, merged);
          default -> {
            merge(merged, name + "." + m.getKey(), m.getValue());
            warnings.add(
                "runbook group '"
                    + name
                    + "': member '"
                    + m.getKey()
                    + "' has no dedicated mapping; stored as '"
                    + name
                    + "."
                    + m.getKey()
                    + "'");
          }
        }
      }
    }
    List<ReferenceValue> out = new ArrayList<>();
    merged.forEach((n, v) -> out.add(ReferenceValue.withDefaultExpiry(n, v, now)));
    return new Result(out, warnings);
  }

  private static void pcrs(String prefix, JsonNode pcrs, String field, Map<String, JsonNode> out)
      throws InvalidReferenceValueException {
    if (!pcrs.isObject()) {
      throw new InvalidReferenceValueException(field, "must be an object of PCR index to digest");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = pcrs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = field + "." + e.getKey();
      if (!INDEX.matcher(e.getKey()).matches() || Integer.parseInt(e.getKey()) > 23) {
        throw new InvalidReferenceValueException(f, "PCR index must be 0-23");
      }
      String rvName = String.format("%s_pcr%02d", prefix, Integer.parseInt(e.getKey()));
      JsonNode v = e.getValue();
      ArrayNode digests = JsonNodeFactory.instance.arrayNode();
      if (v.isTextual()) {
        digests.add(normaliseDigest(v.textValue(), f));
      } else if (v.isArray() && !v.isEmpty()) {
        for (int i = 0; i < v.size(); i++) {
          if (!v.get(i).isTextual()) {
            throw new InvalidReferenceValueException(f + "[" + i + "]", "must be a hex string");
          }
          digests.add(normaliseDigest(v.get(i).textValue(), f + "[" + i + "]"));
        }
      } else {
        throw new InvalidReferenceValueException(f, "must be a hex digest or a non-empty array");
      }
      merge(out, rvName, digests);
    }
  }

  /** Lowercase, without {@code 0x}/{@code sha256:}; must be a SHA-256 digest (64 hex). */
  static String normaliseDigest(String raw, String field) throws InvalidReferenceValueException {
    String s = raw.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("0x")) {
      s = s.substring(2);
    } else if (s.startsWith("sha256:")) {
      s = s.substring(7);
    }
    if (!HEX64.matcher(s).matches()) {
      throw new InvalidReferenceValueException(
          field, "must be 64 hex characters (SHA-256 bank), got " + s.length() + " characters");
    }
    return s;
  }

  private static void images(JsonNode images, String field, Map<String, JsonNode> out)
      throws InvalidReferenceValueException {
    if (!images.isArray()) {
      throw new InvalidReferenceValueException(field, "must be an array of {image, digest}");
    }
    ArrayNode names = JsonNodeFactory.instance.arrayNode();
    ArrayNode digests = JsonNodeFactory.instance.arrayNode();
    ArrayNode refs = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < images.size(); i++) {
      JsonNode img = images.get(i);
      String f = field + "[" + i + "]";
      JsonNode image = img.get("image");
      JsonNode digest = img.get("digest");
      if (image == null || !image.isTextual() || image.textValue().isBlank()) {
        throw new InvalidReferenceValueException(f + ".image", "missing or not a string");
      }
      if (digest == null || !digest.isTextual()) {
        throw new InvalidReferenceValueException(f + ".digest", "missing or not a string");
      }
      String d = "sha256:" + normaliseDigest(digest.textValue(), f + ".digest");
      names.add(image.textValue());
      digests.add(d);
      refs.add(withoutTag(image.textValue()) + "@" + d);
    }
    merge(out, "container_images", names);
    merge(out, "container_image_digests", digests);
    merge(out, "container_image_refs", refs);
  }

  /** {@code quay.io:443/a/b:1.4} → {@code quay.io:443/a/b}; also drops an existing digest. */
  static String withoutTag(String image) {
    String s = image;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    return colon > slash ? s.substring(0, colon) : s;
  }

  /**
   * Adds {@code value} under {@code name}: kept as is when the name is new, otherwise merged into
   * one array by set union in first-appearance order.
   */
  private static void merge(Map<String, JsonNode> out, String name, JsonNode value) {
    JsonNode existing = out.get(name);
    if (existing == null) {
      out.put(name, value.deepCopy());
      return;
    }
    ArrayNode target = JsonNodeFactory.instance.arrayNode();
    for (JsonNode part : new JsonNode[] {existing, value}) {
      if (part.isArray()) {
        part.forEach(v -> addIfAbsent(target, v));
      } else {
        addIfAbsent(target, part);
      }
    }
    out.put(name, target);
  }

  private static void addIfAbsent(ArrayNode target, JsonNode v) {
    for (JsonNode existing : target) {
      if (existing.equals(v)) {
        return;
      }
    }
    target.add(v.deepCopy());
  }
}
