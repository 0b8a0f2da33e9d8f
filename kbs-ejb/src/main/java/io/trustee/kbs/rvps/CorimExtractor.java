package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.trustee.kbs.util.Bytes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code corim} extractor (spec {@code rvps.md} §3.3) for unsigned CoRIM / CoMID
 * (draft-ietf-rats-corim): leading tags 500/501/502 are stripped; for each CoMID tag (tag 506 or
 * any tag whose byte string parses as a CoMID) and each reference-values triple, names are built
 * from the environment class {@code vendor}/{@code model}, the measurement key (text; unsigned
 * integer as {@code claim<N>}; UUID, tag 37, hyphenated) and {@code mval.name}/{@code
 * mval.serial-number}, joined with {@code /}:
 *
 * <ul>
 *   <li>{@code …/digests} → array of the digests in lowercase hex (algorithm ids dropped);
 *   <li>{@code …/raw_bytes} → lowercase hex of a tagged-bytes (tag 560) raw value.
 * </ul>
 *
 * Signed CoRIMs (COSE_Sign1) are refused: we do not store values from an unverified signature.
 * Stateless and thread-safe.
 */
public final class CorimExtractor implements ReferenceValueExtractor {
  // unsigned-corim-map
  private static final long CORIM_TAGS = 1;
  // concise-mid-tag
  private static final long COMID_TRIPLES = 4;
  private static final long TRIPLES_REFERENCE = 0;
  // environment-map / class-map
  private static final long ENV_CLASS = 0;
  private static final long CLASS_VENDOR = 1;
  private static final long CLASS_MODEL = 2;
  // measurement-map / measurement-values-map
  private static final long MEAS_KEY = 0;
  private static final long MEAS_VALUES = 1;
  private static final long MVAL_DIGESTS = 2;
  private static final long MVAL_RAW = 4;
  private static final long MVAL_SERIAL = 8;
  private static final long MVAL_NAME = 11;
  private static final long TAG_UUID = 37;
  private static final long TAG_COMID = 506;
  private static final long TAG_BYTES = 560;
  private static final long TAG_COSE_SIGN1 = 18;

  @Override
  public String type() {
    return "corim";
  }

  @Override
  public List<ReferenceValue> extract(byte[] payload, Instant now)
      throws InvalidReferenceValueException {
    Object corim = decode(payload, "payload");
    while (corim instanceof Cbor.Tagged t && t.tag() >= 500 && t.tag() <= 502) {
      corim = t.item();
    }
    if (corim instanceof Cbor.Tagged t && t.tag() == TAG_COSE_SIGN1) {
      throw new InvalidReferenceValueException(
          "payload",
          "signed CoRIM (COSE_Sign1) is not "
              + "supported; register its unsigned content with signed provenance instead");
    }
    Map<?, ?> map = map(corim, "payload");
    List<?> tags = list(map.get(CORIM_TAGS), "payload.tags");
    Map<String, ArrayNode> digests = new LinkedHashMap<>();
    Map<String, String> raw = new LinkedHashMap<>();
    for (int i = 0; i < tags.size(); i++) {
      Object tag = tags.get(i);
      if (!(tag instanceof Cbor.Tagged t) || !(t.item() instanceof byte[] bytes)) {
        throw new InvalidReferenceValueException(
            "payload.tags[" + i + "]", "must be a tagged byte string");
      }
      Map<?, ?> comid = comid(t.tag(), bytes, "payload.tags[" + i + "]");
      if (comid != null) {
        triples(comid, "payload.tags[" + i + "]", digests, raw);
      }
    }
    List<ReferenceValue> out = new ArrayList<>();
    digests.forEach((n, v) -> out.add(ReferenceValue.withDefaultExpiry(n, v, now)));
    raw.forEach((n, v) -> out.add(ReferenceValue.withDefaultExpiry(n, new TextNode(v), now)));
    return out;
  }

  /** The CoMID map, or null for a tag that is not (and does not contain) a CoMID. */
  private static Map<?, ?> comid(long tag, byte[] bytes, String field)
      throws InvalidReferenceValueException {
    Object inner;
    try {
      inner = Cbor.decode(bytes);
    } catch (Cbor.CborException e) {
      if (tag == TAG_COMID) {
        throw new InvalidReferenceValueException(
            field, "CoMID is not valid CBOR: " + e.getMessage());
      }
      return null;
    }
    if (inner instanceof Map<?, ?> m && m.get(COMID_TRIPLES) instanceof Map) {
      return m;
    }
    if (tag == TAG_COMID) {
      throw new InvalidReferenceValueException(field, "CoMID has no triples map");
    }
    return null;
  }

  private static void triples(
      Map<?, ?> comid, String field, Map<String, ArrayNode> digests, Map<String, String> raw)
      throws InvalidReferenceValueException {
    Map<?, ?> triples = (Map<?, ?>) comid.get(COMID_TRIPLES);
    Object refs = triples.get(TRIPLES_REFERENCE);
    if (refs == null) {
      return;
    }
    List<?> records = list(refs, field + ".reference-triples");
    for (int r = 0; r < records.size(); r++) {
      String f = field + ".reference-triples[" + r + "]";
      List<?> record = list(records.get(r), f);
      if (record.size() != 2) {
        throw new InvalidReferenceValueException(f, "must be [environment, measurements]");
      }
      List<String> base = new ArrayList<>();
      Map<?, ?> env = map(record.get(0), f + ".environment");
      if (env.get(ENV_CLASS) instanceof Map<?, ?> cls) {
        addText(base, cls.get(CLASS_VENDOR));
        addText(base, cls.get(CLASS_MODEL));
      }
      List<?> measurements = list(record.get(1), f + ".measurements");
      for (int m = 0; m < measurements.size(); m++) {
        String mf = f + ".measurements[" + m + "]";
        Map<?, ?> meas = map(measurements.get(m), mf);
        Map<?, ?> mval = map(meas.get(MEAS_VALUES), mf + ".mval");
        List<String> comps = new ArrayList<>(base);
        Object mkey = meas.get(MEAS_KEY);
        if (mkey != null) {
          comps.add(mkey(mkey, mf + ".mkey"));
        }
        addText(comps, mval.get(MVAL_NAME));
        addText(comps, mval.get(MVAL_SERIAL));
        if (mval.get(MVAL_DIGESTS) != null) {
          ArrayNode arr =
              digests.computeIfAbsent(
                  name(comps, "digests"), n -> JsonNodeFactory.instance.arrayNode());
          for (Object d : list(mval.get(MVAL_DIGESTS), mf + ".mval.digests")) {
            List<?> pair = list(d, mf + ".mval.digests[]");
            if (pair.size() != 2 || !(pair.get(1) instanceof byte[] value)) {
              throw new InvalidReferenceValueException(
                  mf + ".mval.digests[]", "must be [algorithm, bytes]");
            }
            arr.add(Bytes.toHex(value));
          }
        }
        if (mval.get(MVAL_RAW) instanceof Cbor.Tagged t
            && t.tag() == TAG_BYTES
            && t.item() instanceof byte[] value) {
          raw.put(name(comps, "raw_bytes"), Bytes.toHex(value));
        }
      }
    }
  }

  private static String mkey(Object mkey, String field) throws InvalidReferenceValueException {
    if (mkey instanceof String s) {
      return s;
    }
    if (mkey instanceof Long n && n >= 0) {
      return "claim" + n;
    }
    if (mkey instanceof Cbor.Tagged t
        && t.tag() == TAG_UUID
        && t.item() instanceof byte[] b
        && b.length == 16) {
      ByteBuffer bb = ByteBuffer.wrap(b);
      return new UUID(bb.getLong(), bb.getLong()).toString();
    }
    throw new InvalidReferenceValueException(field, "unsupported measurement key type");
  }

  private static String name(List<String> comps, String last) {
    List<String> all = new ArrayList<>(comps);
    all.add(last);
    return String.join("/", all);
  }

  private static void addText(List<String> out, Object o) {
    if (o instanceof String s) {
      out.add(s);
    }
  }

  private static Object decode(byte[] b, String field) throws InvalidReferenceValueException {
    try {
      return Cbor.decode(b);
    } catch (Cbor.CborException e) {
      throw new InvalidReferenceValueException(field, "is not valid CBOR: " + e.getMessage());
    }
  }

  private static Map<?, ?> map(Object o, String field) throws InvalidReferenceValueException {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new InvalidReferenceValueException(field, "must be a CBOR map");
  }

  private static List<?> list(Object o, String field) throws InvalidReferenceValueException {
    if (o instanceof List<?> l) {
      return l;
    }
    throw new InvalidReferenceValueException(field, "must be a CBOR array");
  }
}
