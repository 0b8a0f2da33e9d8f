package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Runtime data of a verification request: raw bytes used as the expected report data, or a
 * structured JSON value whose JCS hash is the expected report data and which becomes {@code
 * runtime_data_claims}. Immutable (copied in and out).
 */
public sealed interface RuntimeData {

  /** Raw expected report data. */
  record Raw(byte[] bytes) implements RuntimeData {
    public Raw {
      bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Raw r && java.util.Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Raw[" + bytes.length + " bytes]";
    }
  }

  /** Structured runtime data (e.g. {@code {nonce, tee-pubkey, additional-evidence}}). */
  record Structured(JsonNode value) implements RuntimeData {
    public Structured {
      value = Objects.requireNonNull(value, "value").deepCopy();
    }

    @Override
    public JsonNode value() {
      return value.deepCopy();
    }
  }
}
