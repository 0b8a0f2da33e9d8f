package io.trustee.kbs.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

class AuditFilterTargetTest {

  @Test
  void pathParametersAreSubstitutedAndLiteralsKept() {
    MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
    params.add("path", "default/key/a");
    params.add("id", "42");
    assertThat(AuditFilter.target("{path}", params)).isEqualTo("default/key/a");
    assertThat(AuditFilter.target("appraisal/{id}", params)).isEqualTo("appraisal/42");
    assertThat(AuditFilter.target("kek", params)).isEqualTo("kek");
    assertThat(AuditFilter.target("{missing}", params)).isEmpty();
    // a parameter value with $ or \\ is taken literally
    params.putSingle("id", "a$1\\\\b");
    assertThat(AuditFilter.target("x/{id}", params)).isEqualTo("x/a$1\\\\b");
  }
}
