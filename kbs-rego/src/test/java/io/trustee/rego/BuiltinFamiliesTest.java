package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builtin families beyond the conformance sample: Tier C (JDK-backed) and rule-head refs. */
class BuiltinFamiliesTest {
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
          + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
          + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  private static Value rule(String body, String name) {
    CompiledPolicy p = Rego.compile("package t\nimport rego.v1\n" + body);
    return p.evaluate(
            Value.fromJson("{\"m\": {\"k1\": {\"a\": 1}, \"k2\": {\"b\": 2}}}"),
            null,
            Map.of(),
            List.of("data.t." + name),
            null)
        .get("data.t." + name)
        .value()
        .orElse(null);
  }

  @Test
  void ruleHeadReferencesBuildNestedObjects() {
    String m =
        """
        a.b.c := 1
        a.b.d := 2
        r[x][y] := z if { some x, o in input.m; some y, z in o }
        s.q contains x if some x in [1, 2]
        """;
    assertThat(rule(m, "a")).isEqualTo(Value.fromJson("{\"b\": {\"c\": 1, \"d\": 2}}"));
    assertThat(rule(m, "r")).isEqualTo(Value.fromJson("{\"k1\": {\"a\": 1}, \"k2\": {\"b\": 2}}"));
    assertThat(rule(m, "s").toJson()).isEqualTo("{\"q\":[1,2]}");
  }

  @Test
  void walkIsARelation() {
    assertThat(rule("w := [p | walk({\"a\": [1]}, [p, _])]", "w"))
        .isEqualTo(Value.fromJson("[[], [\"a\"], [\"a\", 0]]"));
  }

  @Test
  void graphReachable() {
    assertThat(
            rule(
                    "g := graph.reachable({\"a\": [\"b\"], \"b\": [\"c\"], \"c\": [],"
                        + " \"d\": [\"a\"]}, {\"a\"})",
                    "g")
                .toJson())
        .isEqualTo("[\"a\",\"b\",\"c\"]");
  }

  @Test
  void cidrFunctions() {
    assertThat(rule("c := net.cidr_contains(\"10.0.0.0/8\", \"10.1.2.3\")", "c"))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(rule("c := net.cidr_contains(\"10.0.0.0/8\", \"11.1.2.3\")", "c"))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(rule("c := net.cidr_intersects(\"192.168.1.0/24\", \"192.168.0.0/16\")", "c"))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(rule("c := net.cidr_expand(\"192.168.1.0/31\")", "c").toJson())
        .isEqualTo("[\"192.168.1.0\",\"192.168.1.1\"]");
    assertThat(rule("c := net.cidr_expand(\"fd00::/127\")", "c").toJson())
        .isEqualTo("[\"fd00::\",\"fd00::1\"]");
  }

  @Test
  void jwtDecodeVerifyAndSign() {
    assertThat(rule("j := io.jwt.decode(\"" + JWT + "\")[1].name", "j"))
        .isEqualTo(StringValue.of("John Doe"));
    assertThat(rule("j := io.jwt.verify_hs256(\"" + JWT + "\", \"your-256-bit-secret\")", "j"))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(rule("j := io.jwt.verify_hs256(\"" + JWT + "\", \"wrong\")", "j"))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(
            rule(
                """
        j if {
          t := io.jwt.encode_sign({"alg": "HS256"}, {"sub": "1"}, {"kty": "oct", "k": "c2VjcmV0"})
          io.jwt.verify_hs256(t, "secret")
        }""",
                "j"))
        .isEqualTo(BooleanValue.TRUE);
  }

  @Test
  void jwtEs256SignAndVerifyWithJwk() throws Exception {
    var gen = java.security.KeyPairGenerator.getInstance("EC");
    gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    var kp = gen.generateKeyPair();
    var pub = (java.security.interfaces.ECPublicKey) kp.getPublic();
    var priv = (java.security.interfaces.ECPrivateKey) kp.getPrivate();
    var enc = java.util.Base64.getUrlEncoder().withoutPadding();
    java.util.function.Function<java.math.BigInteger, String> b64 =
        n -> {
          byte[] raw = n.toByteArray();
          byte[] out = new byte[32];
          int len = Math.min(32, raw.length);
          System.arraycopy(raw, raw.length - len, out, 32 - len, len);
          return enc.encodeToString(out);
        };
    String x = b64.apply(pub.getW().getAffineX());
    String y = b64.apply(pub.getW().getAffineY());
    String d = b64.apply(priv.getS());
    String m =
        "ok if {\n"
            + "  t := io.jwt.encode_sign({\"alg\": \"ES256\"}, {\"sub\": \"1\"}, {\"kty\": \"EC\","
            + " \"crv\": \"P-256\", \"x\": \""
            + x
            + "\", \"y\": \""
            + y
            + "\", \"d\": \""
            + d
            + "\"})\n"
            + "  io.jwt.verify_es256(t, `{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \""
            + x
            + "\", \"y\": \""
            + y
            + "\"}`)\n"
            + "  [true, _, p] := io.jwt.decode_verify(t, {\"cert\": `{\"keys\": [{\"kty\": \"EC\","
            + " \"crv\": \"P-256\", \"x\": \""
            + x
            + "\", \"y\": \""
            + y
            + "\"}]}`})\n"
            + "  p.sub == \"1\"\n"
            + "}\n";
    assertThat(rule(m, "ok")).isEqualTo(BooleanValue.TRUE);
  }

  @Test
  void x509ParsesAndVerifiesTheVcekChain() throws Exception {
    String base = System.getProperty("kbs.testdata.dir");
    java.nio.file.Path pemFile =
        base == null ? null : java.nio.file.Path.of(base, "az-snp-vtpm", "vcek.pem");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        pemFile != null && java.nio.file.Files.isRegularFile(pemFile),
        "vcek.pem not found under " + base);
    String pem = java.nio.file.Files.readString(pemFile);
    String[] parts = pem.split("(?=-----BEGIN CERTIFICATE-----)");
    Value input =
        Value.fromJava(Map.of("leafFirst", pem, "rootFirst", parts[2] + parts[1] + parts[0]));
    CompiledPolicy p =
        Rego.compile(
            """
        package t
        names := [c.Subject.CommonName | some c in crypto.x509.parse_certificates(input.leafFirst)]
        ok := crypto.x509.parse_and_verify_certificates(input.rootFirst)[0]
        wrong_order := crypto.x509.parse_and_verify_certificates(input.leafFirst)[0]
        """);
    EvalResult r =
        p.evaluate(
            input,
            null,
            Map.of(),
            List.of("data.t.names", "data.t.ok", "data.t.wrong_order"),
            null);
    assertThat(r.get("data.t.names").value().orElseThrow())
        .isEqualTo(Value.fromJson("[\"SEV-VCEK\", \"SEV-Milan\", \"ARK-Milan\"]"));
    assertThat(r.get("data.t.ok").isTrue()).isTrue();
    assertThat(r.get("data.t.wrong_order").value()).contains(BooleanValue.FALSE);
  }

  @Test
  void yamlReadsBlockAndFlowStylesAndRoundTrips() {
    Value v =
        rule(
            """
        x := yaml.unmarshal(`
        name: demo
        enabled: yes
        ports: [80, 443]
        items:
          - id: 1
            tags:
              - a
              - "b c"
          - id: 2
        note: |
          line one
          line two
        empty:
        `)
        """,
            "x");
    assertThat(v)
        .isEqualTo(
            Value.fromJson(
                """
        {"name": "demo", "enabled": true, "ports": [80, 443],
         "items": [{"id": 1, "tags": ["a", "b c"]}, {"id": 2}],
         "note": "line one\\nline two\\n", "empty": null}"""));
    assertThat(
            rule(
                "x := yaml.unmarshal(yaml.marshal({\"a\": [{\"b\": [1, \"2\"]}], \"c\": {}}))",
                "x"))
        .isEqualTo(Value.fromJson("{\"a\": [{\"b\": [1, \"2\"]}], \"c\": {}}"));
    assertThat(rule("x := yaml.is_valid(\"a: [1, 2\")", "x")).isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void renderTemplateSupportsFieldsRangeAndIf() {
    assertThat(
            rule(
                """
        x := strings.render_template(
          "{{range $i, $v := .list}}{{$i}}={{$v}} {{end}}{{if .ok}}yes{{else}}no{{end}}",
          {"list": ["a", "b"], "ok": false})
        """,
                "x"))
        .isEqualTo(StringValue.of("0=a 1=b no"));
  }

  @Test
  void jsonSchemaMatchesAndReportsErrors() {
    String schema =
        "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}},"
            + " \"required\": [\"id\"]}";
    assertThat(rule("x := json.match_schema({\"id\": \"a\"}, " + schema + ")", "x"))
        .isEqualTo(Value.fromJson("[true, []]"));
    assertThat(rule("x := json.match_schema({}, " + schema + ")", "x"))
        .isEqualTo(
            Value.fromJson(
                "[false, [{\"error\": \"(root): id is required\", \"type\": \"required\","
                    + " \"field\": \"(root)\", \"desc\": \"id is required\"}]]"));
    assertThat(rule("x := json.verify_schema(" + schema + ")", "x"))
        .isEqualTo(Value.fromJson("[true, null]"));
  }

  @Test
  void encodingsHashesUnitsSemverGlobAndTime() {
    assertThat(rule("x := hex.encode(\"hi\")", "x")).isEqualTo(StringValue.of("6869"));
    assertThat(rule("x := base64url.encode_no_pad(\"hi?\")", "x"))
        .isEqualTo(StringValue.of("aGk_"));
    assertThat(rule("x := crypto.sha256(\"abc\")", "x"))
        .isEqualTo(
            StringValue.of("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assertThat(rule("x := units.parse_bytes(\"10KiB\")", "x")).isEqualTo(NumberValue.of(10240));
    assertThat(rule("x := semver.compare(\"1.2.3\", \"1.10.0\")", "x"))
        .isEqualTo(NumberValue.of(-1));
    assertThat(rule("x := glob.match(\"*.example.com\", [\".\"], \"a.b.example.com\")", "x"))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(rule("x := time.parse_ns(\"2006-01-02\", \"2024-02-29\")", "x"))
        .isEqualTo(NumberValue.of(1709164800000000000L));
    assertThat(rule("x := time.format([0, \"UTC\", \"2006-01-02 15:04:05 MST\"])", "x"))
        .isEqualTo(StringValue.of("1970-01-01 00:00:00 UTC"));
    assertThat(
            rule(
                "x := json.patch({\"a\": [1]}, [{\"op\": \"add\", \"path\": \"/a/-\","
                    + " \"value\": 2}])",
                "x"))
        .isEqualTo(Value.fromJson("{\"a\": [1, 2]}"));
  }
}
