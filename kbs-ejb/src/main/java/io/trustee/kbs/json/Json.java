package io.trustee.kbs.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of the KBS: Jackson's defaults (unknown members of bound types
 * fail, trailing tokens after a value are ignored, members in declaration order, nulls written).
 * Every reader and writer of JSON in the server uses {@link #mapper()}, including the web layer's
 * JAX-RS provider, so a request parsed in a façade and a response written by the runtime follow the
 * same rules. The exceptions keep their own configuration on purpose and say why: {@link Jcs}
 * (canonical bytes), the HCL variable data of az-snp-vtpm (trailing tokens are an error there).
 *
 * <p>The mapper is shared and thread-safe; callers must never reconfigure it.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** The shared mapper. Do not call its {@code configure}/{@code enable}/{@code register*}. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
