package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.util.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CorimExtractorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final byte[] UUID_BYTES = Bytes.fromHex("31fb5abf023e4992aa4e95f9c1503bfa");
  static final byte[] D1 = Bytes.fromHex("aa".repeat(32));
  static final byte[] D2 = Bytes.fromHex("bb".repeat(48));

  /** Test-side CBOR encoder for composing CoRIMs (definite lengths, shortest arguments). */
  record Tag(long tag, Object item) {}

  static byte[] cbor(Object o) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, o);
    return out.toByteArray();
  }

  static void head(ByteArrayOutputStream out, int major, long v) {
    if (v < 24) {
      out.write(major << 5 | (int) v);
    } else if (v < 256) {
      out.write(major << 5 | 24);
      out.write((int) v);
    } else if (v < 65536) {
      out.write(major << 5 | 25);
      out.write((int) (v >> 8));
      out.write((int) v);
    } else {
      out.write(major << 5 | 26);
      for (int s = 24; s >= 0; s -= 8) {
        out.write((int) (v >> s));
      }
    }
  }

  static void write(ByteArrayOutputStream out, Object o) {
    if (o instanceof Long || o instanceof Integer) {
      long v = ((Number) o).longValue();
      if (v >= 0) {
        head(out, 0, v);
      } else {
        head(out, 1, -1 - v);
      }
    } else if (o instanceof byte[] b) {
      head(out, 2, b.length);
      out.writeBytes(b);
    } else if (o instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      head(out, 3, b.length);
      out.writeBytes(b);
    } else if (o instanceof List<?> l) {
      head(out, 4, l.size());
      l.forEach(e -> write(out, e));
    } else if (o instanceof Map<?, ?> m) {
      head(out, 5, m.size());
      m.forEach(
          (k, v) -> {
            write(out, k);
            write(out, v);
          });
    } else if (o instanceof Tag t) {
      head(out, 6, t.tag());
      write(out, t.item());
    } else {
      throw new IllegalArgumentException(String.valueOf(o));
    }
  }

  static Map<Object, Object> map(Object... kv) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** An ACME RoadRunner CoMID with a UUID-keyed digest measurement and a raw-value one. */
  static byte[] corim() {
    Object env = map(0, map(1, "ACME", 2, "RoadRunner"));
    Object m1 = map(0, new Tag(37, UUID_BYTES), 1, map(2, List.of(List.of(1, D1), List.of(7, D2))));
    Object m2 = map(0, 3, 1, map(11, "firmware", 8, "SN-1", 4, new Tag(560, D1)));
    Object m3 = map(0, "kernel", 1, map(2, List.of(List.of("sha-256", D1))));
    Object comid = map(1, map(0, "tag-1"), 4, map(0, List.of(List.of(env, List.of(m1, m2, m3)))));
    Object unsigned =
        map(
            0,
            "corim-1",
            1,
            List.of(new Tag(506, cbor(comid)), new Tag(505, cbor(map(0, "swid")))));
    return cbor(new Tag(500, new Tag(501, unsigned)));
  }

  @Test
  void extractsDigestsAndRawValues() throws Exception {
    List<ReferenceValue> rvs = new CorimExtractor().extract(corim(), NOW);
    Map<String, String> m =
        rvs.stream().collect(Collectors.toMap(ReferenceValue::name, r -> r.value().toString()));
    assertThat(m)
        .containsOnlyKeys(
            "ACME/RoadRunner/31fb5abf-023e-4992-aa4e-95f9c1503bfa/digests",
            "ACME/RoadRunner/kernel/digests",
            "ACME/RoadRunner/claim3/firmware/SN-1/raw_bytes");
    assertThat(m.get("ACME/RoadRunner/31fb5abf-023e-4992-aa4e-95f9c1503bfa/digests"))
        .isEqualTo("[\"" + "aa".repeat(32) + "\",\"" + "bb".repeat(48) + "\"]");
    assertThat(m.get("ACME/RoadRunner/claim3/firmware/SN-1/raw_bytes"))
        .isEqualTo("\"" + "aa".repeat(32) + "\"");
  }

  @Test
  void registersThroughTheService() throws Exception {
    ReferenceValueService s =
        new ReferenceValueService(
            new InMemoryReferenceValueRepository(),
            ProvenanceVerifier.unsignedAllowed(),
            java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    s.register(
        "{\"type\":\"corim\",\"payload\":\"" + Base64.getEncoder().encodeToString(corim()) + "\"}");
    assertThat(s.query("ACME/RoadRunner/kernel/digests"))
        .contains(JSON.readTree("[\"" + "aa".repeat(32) + "\"]"));
  }

  @Test
  void rejectsMalformedAndSignedCorim() {
    byte[] full = corim();
    for (int cut : new int[] {1, 10, full.length / 2, full.length - 1}) {
      byte[] part = Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> new CorimExtractor().extract(part, NOW))
          .as("cut %d", cut)
          .isInstanceOf(InvalidReferenceValueException.class);
    }
    byte[] trailing = Arrays.copyOf(full, full.length + 1);
    assertThatThrownBy(() -> new CorimExtractor().extract(trailing, NOW))
        .hasMessageContaining("trailing");
    byte[] signed =
        cbor(new Tag(502, new Tag(18, List.of(new byte[0], map(), new byte[0], new byte[0]))));
    assertThatThrownBy(() -> new CorimExtractor().extract(signed, NOW))
        .hasMessageContaining("signed CoRIM");
    byte[] hugeLength = Bytes.fromHex("5b7fffffffffffffff");
    assertThatThrownBy(() -> new CorimExtractor().extract(hugeLength, NOW))
        .hasMessageContaining("exceeds");
    byte[] indefinite = Bytes.fromHex("9fff");
    assertThatThrownBy(() -> new CorimExtractor().extract(indefinite, NOW))
        .hasMessageContaining("indefinite");
    byte[] noComid = cbor(map(0, "x", 1, List.of(new Tag(506, cbor(map(0, "no triples"))))));
    assertThatThrownBy(() -> new CorimExtractor().extract(noComid, NOW))
        .hasMessageContaining("payload.tags[0]: CoMID has no triples map");
  }
}
