package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Corner cases of builtins, checked against OPA's documented behaviour. */
class BuiltinCornersTest {
  /** The value of a Rego expression, evaluated with strict builtin errors. */
  private static Value eval(String expr) {
    return eval(expr, null);
  }

  private static Value eval(String expr, Value input) {
    CompiledPolicy p = Rego.compile("package t\nx := " + expr + "\n");
    List<Map<String, Value>> r =
        p.query(
            "v = data.t.x",
            input,
            null,
            Map.of(),
            EvalOptions.defaults().withStrictBuiltinErrors(true));
    return r.isEmpty() ? null : r.get(0).get("v");
  }

  private static String error(String expr) {
    try {
      Value v = eval(expr);
      throw new AssertionError("no error, got " + v);
    } catch (RegoEvalException e) {
      return e.code() + " " + e.getMessage();
    }
  }

  private static Value json(String s) {
    return Value.fromJson(s);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = BuiltinCornersTest.class.getResourceAsStream("keys/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String quote(String s) {
    return Value.fromJava(s).toJson();
  }

  @Test
  void unitsParseScientificNotationAndCase() {
    assertThat(eval("units.parse(\"2.5e3K\")")).isEqualTo(json("2500000"));
    assertThat(eval("units.parse(\"1e-2\")")).isEqualTo(json("0.01"));
    assertThat(eval("units.parse(\"10KI\")")).isEqualTo(json("10240"));
    assertThat(eval("units.parse(\"1500m\")")).isEqualTo(json("1.5"));
    assertThat(eval("units.parse(\"1M\")")).isEqualTo(json("1000000"));
    assertThat(eval("units.parse(\"1E\")")).isEqualTo(json("1000000000000000000"));
    assertThat(eval("units.parse_bytes(\"1.5e3MB\")")).isEqualTo(json("1500000000"));
    assertThat(eval("units.parse_bytes(\"2e1KiB\")")).isEqualTo(json("20480"));
    assertThat(error("units.parse(\" 1K\")")).contains("spaces not allowed");
    assertThat(error("units.parse(\"1e5000K\")")).contains("exponent too large");
    assertThat(error("units.parse_bytes(\"1.2.3\")"))
        .contains("could not parse byte amount to a number");
  }

  @Test
  void toNumberRejectsNonFiniteStrings() {
    for (String s : List.of("nan", "-NaN", "inf", "-Infinity", "iNf")) {
      assertThat(error("to_number(\"" + s + "\")")).startsWith("eval_type_error");
    }
    assertThat(eval("to_number(\"-1.5e2\")")).isEqualTo(json("-150"));
  }

  @Test
  void numbersRangeWithBigIntegers() {
    assertThat(eval("numbers.range_step(0, 10, 99999999999999999999)")).isEqualTo(json("[0]"));
    assertThat(eval("numbers.range(9223372036854775807, 9223372036854775808)"))
        .isEqualTo(json("[9223372036854775807, 9223372036854775808]"));
    assertThat(error("numbers.range_step(0, 10, 0)")).contains("step must be a positive integer");
  }

  @Test
  void bitShiftsNeedAnUnsignedCount() {
    assertThat(eval("bits.lsh(1, 70)")).isEqualTo(json("1180591620717411303424"));
    assertThat(eval("bits.rsh(-8, 1)")).isEqualTo(json("-4"));
    assertThat(error("bits.rsh(8, -1)"))
        .startsWith("eval_type_error")
        .contains(
            "bits.rsh: operand 2 must be an unsigned integer number but got a negative integer");
  }

  @Test
  void replaceNWorksLikeGoReplacer() {
    // one pass, no rescanning of replaced text; earlier (sorted) keys win at a position
    assertThat(eval("strings.replace_n({\"a\": \"b\", \"b\": \"a\"}, \"abba\")"))
        .isEqualTo(StringValue.of("baab"));
    assertThat(eval("strings.replace_n({\"ab\": \"X\", \"a\": \"Y\"}, \"aab\")"))
        .isEqualTo(StringValue.of("YYb"));
    assertThat(eval("strings.replace_n({\"ab\": \"X\", \"b\": \"Y\"}, \"aab\")"))
        .isEqualTo(StringValue.of("aX"));
    assertThat(eval("strings.replace_n({\"\": \"-\"}, \"ab\")")).isEqualTo(StringValue.of("-a-b-"));
    assertThat(error("strings.replace_n({\"a\": 1}, \"a\")"))
        .contains("operand 1 non-string value found in pattern object");
  }

  @Test
  void cidrMergeBareAddresses() {
    assertThat(eval("net.cidr_merge([\"10.1.2.3\"])"))
        .isEqualTo(Rego.parseValue("{\"10.0.0.0/8\"}"));
    assertThat(eval("net.cidr_merge([\"172.16.5.4\", \"172.17.0.0/16\"])"))
        .isEqualTo(Rego.parseValue("{\"172.16.0.0/15\"}"));
    assertThat(error("net.cidr_merge([\"::1\"])")).contains("IPv6 invalid: needs prefix length");
  }

  @Test
  void uuidParseForms() {
    Value v4 = json("{\"variant\": \"RFC4122\", \"version\": 4}");
    assertThat(eval("uuid.parse(\"{00000000-0000-4000-8000-000000000000}\")")).isEqualTo(v4);
    assertThat(eval("uuid.parse(\"URN:UUID:00000000-0000-4000-8000-000000000000\")")).isEqualTo(v4);
    assertThat(eval("uuid.parse(\"00000000000040008000000000000000\")")).isEqualTo(v4);
    assertThat(eval("uuid.parse(\"00000000-0000-4000-8000-00000000000\")")).isNull();
    assertThat(eval("uuid.parse(\"0000000g-0000-4000-8000-000000000000\")")).isNull();
    // a version 1 UUID: 2023-09-01T11:16:30.1214696Z, clock sequence 0x3200, multicast node
    Value v1 = eval("uuid.parse(\"4e3d8a2a-48b9-11ee-b200-315096b39f47\")");
    assertThat(((ObjectValue) v1).get("version")).isEqualTo(json("1"));
    assertThat(((ObjectValue) v1).get("clocksequence")).isEqualTo(json("12800"));
    assertThat(((ObjectValue) v1).get("macvariables"))
        .isEqualTo(StringValue.of("global:multicast"));
    assertThat(((ObjectValue) v1).get("nodeid")).isEqualTo(StringValue.of("31-50-96-b3-9f-47"));
  }

  @Test
  void walkAsAValueEnumerates() {
    assertThat(eval("{p | [p, v] := walk({\"a\": [1]}); v == 1}"))
        .isEqualTo(Rego.parseValue("{[\"a\", 0]}"));
  }

  @Test
  void jsonPatchOnSets() {
    assertThat(
            eval(
                "json.patch({\"s\": {\"a\"}}, [{\"op\": \"add\", \"path\": \"/s/b\","
                    + " \"value\": \"b\"}])"))
        .isEqualTo(Rego.parseValue("{\"s\": {\"a\", \"b\"}}"));
    assertThat(
            eval(
                "json.patch({\"s\": {\"a\"}}, [{\"op\": \"add\", \"path\": \"/s/b\","
                    + " \"value\": \"c\"}])"))
        .isNull();
    assertThat(eval("json.patch({[1]}, [{\"op\": \"add\", \"path\": [[1], 1], \"value\": 2}])"))
        .isEqualTo(Rego.parseValue("{[1, 2]}"));
    assertThat(eval("json.patch({[1, 2]}, [{\"op\": \"remove\", \"path\": [[1, 2], 0]}])"))
        .isEqualTo(Rego.parseValue("{[2]}"));
  }

  @Test
  void jsonSchemaRejectsUnknownTypes() {
    assertThat(eval("json.verify_schema({\"items\": {\"type\": [\"string\", \"text\"]}})"))
        .isEqualTo(
            json(
                "[false, \"jsonschema: has a primitive type that is NOT VALID -- given: /text/"
                    + " Expected valid values are:[array boolean integer number null object"
                    + " string]\"]"));
    assertThat(eval("json.verify_schema({\"properties\": {\"a\": {\"type\": \"integer\"}}})"))
        .isEqualTo(json("[true, null]"));
    assertThat(error("json.match_schema({}, {\"type\": \"x\"})"))
        .contains("json.match_schema: has a primitive type that is NOT VALID");
  }

  @Test
  void globsMatch() {
    assertThat(eval("regex.globs_match(\"a.a.\", \".b.b\")")).isEqualTo(BooleanValue.TRUE);
    assertThat(eval("regex.globs_match(\"[a-z]+\", \"[0-9]*\")")).isEqualTo(BooleanValue.FALSE);
    assertThat(eval("regex.globs_match(\"a*\", \"b*\")")).isEqualTo(BooleanValue.FALSE);
    assertThat(eval("regex.globs_match(\"a*\", \"a*\")")).isEqualTo(BooleanValue.TRUE);
    assertThat(eval("regex.globs_match(\"[a-c]+x\", \".*[x-z]\")")).isEqualTo(BooleanValue.TRUE);
    assertThat(eval("regex.globs_match(\"\\\\.\", \"a\")")).isEqualTo(BooleanValue.FALSE);
    assertThat(eval("regex.globs_match(\"\\\\.\", \".\")")).isEqualTo(BooleanValue.TRUE);
    assertThat(error("regex.globs_match(\"[a-\", \"a\")")).startsWith("eval_builtin_error");
    assertThat(error("regex.globs_match(\"+a\", \"a\")")).startsWith("eval_builtin_error");
  }

  @Test
  void semverErrorsNameTheOperand() {
    assertThat(error("semver.compare(\"1.0.0\", \"x\")"))
        .contains("semver.compare: operand 2: string \"x\" is not a valid SemVer");
  }

  @Test
  void jwtEdDsaSignVerifyAndDecodeVerify() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = kp.getPublic().getEncoded();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getEncoder().encodeToString(spki)
            + "\n-----END PUBLIC KEY-----\n";
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String input =
        url.encodeToString("{\"alg\":\"EdDSA\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + url.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(kp.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    String token = input + "." + url.encodeToString(s.sign());
    assertThat(eval("io.jwt.verify_eddsa(" + quote(token) + ", " + quote(pem) + ")"))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(eval("io.jwt.verify_eddsa(" + quote(token + "x") + ", " + quote(pem) + ")"))
        .isNotEqualTo(BooleanValue.TRUE);
    assertThat(eval("io.jwt.decode_verify(" + quote(token) + ", {\"cert\": " + quote(pem) + "})"))
        .isEqualTo(json("[true, {\"alg\": \"EdDSA\"}, {\"sub\": \"x\"}]"));
    // an OKP JWK signs; the signature verifies with the JDK
    byte[] pkcs8 = kp.getPrivate().getEncoded();
    byte[] seed = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
    byte[] x = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    String jwk =
        "{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \""
            + url.encodeToString(x)
            + "\", \"d\": \""
            + url.encodeToString(seed)
            + "\"}";
    Value signed = eval("io.jwt.encode_sign({\"alg\": \"EdDSA\"}, {\"sub\": \"x\"}, " + jwk + ")");
    String t = ((StringValue) signed).value();
    assertThat(eval("io.jwt.verify_eddsa(" + quote(t) + ", " + quote(pem) + ")"))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(eval("io.jwt.verify_eddsa(" + quote(t) + ", " + quote(jwk) + ")"))
        .isEqualTo(BooleanValue.TRUE);
  }

  @Test
  void jwtEncodeSignErrors() {
    String oct = "{\"kty\": \"oct\", \"k\": \"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T\"}";
    assertThat(error("io.jwt.encode_sign({\"alg\": \"XX256\"}, {}, " + oct + ")"))
        .contains("unknown signature algorithm");
    assertThat(error("io.jwt.encode_sign({\"alg\": \"RS256\"}, {}, " + oct + ")"))
        .startsWith("eval_builtin_error");
    assertThat(error("io.jwt.encode_sign_raw(`{\"alg\":\"HS256\"}`, `not json`, `" + oct + "`)"))
        .contains("type is JWT but payload is not JSON");
    assertThat(
            eval(
                "io.jwt.encode_sign_raw(`{\"alg\":\"HS256\",\"typ\":\"text/plain\"}`, `not json`,"
                    + " `"
                    + oct
                    + "`)"))
        .isInstanceOf(StringValue.class);
    assertThat(error("io.jwt.encode_sign({\"alg\": \"HS256\"}, {}, {\"k\": \"eA\"})"))
        .contains("failed to parse JWK");
  }

  @Test
  void jwtDecodeVerifyClaimTypes() {
    String key = "{\"kty\": \"oct\", \"k\": \"NDI\"}";
    String sign = "io.jwt.encode_sign({\"alg\": \"HS256\"}, %s, " + key + ")";
    assertThat(
            error(
                "io.jwt.decode_verify("
                    + sign.formatted("{\"exp\": \"soon\"}")
                    + ", {\"secret\": \"42\"})"))
        .contains("exp value must be a number");
    assertThat(
            eval(
                "io.jwt.decode_verify("
                    + sign.formatted("{\"nbf\": 1}")
                    + ", {\"secret\": \"42\"})"))
        .isEqualTo(json("[true, {\"alg\": \"HS256\"}, {\"nbf\": 1}]"));
    assertThat(
            eval(
                "io.jwt.decode_verify("
                    + sign.formatted("{\"nbf\": 1}")
                    + ", {\"secret\": \"43\"})"))
        .isEqualTo(json("[false, {}, {}]"));
  }

  @Test
  void certificateRequest() throws IOException {
    String csr = resource("csr.pem");
    ObjectValue r = (ObjectValue) eval("crypto.x509.parse_certificate_request(" + quote(csr) + ")");
    assertThat(((ObjectValue) r.get("Subject")).get("CommonName"))
        .isEqualTo(StringValue.of("csr.example"));
    assertThat(((ObjectValue) r.get("Subject")).get("Organization"))
        .isEqualTo(json("[\"Trustee\"]"));
    assertThat(r.get("DNSNames")).isEqualTo(json("[\"a.example\", \"b.example\"]"));
    assertThat(r.get("IPAddresses")).isEqualTo(json("[\"10.0.0.1\"]"));
    assertThat(r.get("EmailAddresses")).isEqualTo(json("[\"x@example.com\"]"));
    assertThat(r.get("PublicKeyAlgorithm")).isEqualTo(json("1"));
    assertThat(r.get("SignatureAlgorithm")).isEqualTo(json("4"));
    // base64 of the PEM and base64 of the DER give the same request
    String b64Pem = Base64.getEncoder().encodeToString(csr.getBytes(StandardCharsets.US_ASCII));
    assertThat(eval("crypto.x509.parse_certificate_request(" + quote(b64Pem) + ")")).isEqualTo(r);
    assertThat(
            eval(
                "crypto.x509.parse_certificate_request("
                    + quote(r.get("Raw").toString().replace("\"", ""))
                    + ")"))
        .isEqualTo(r);
    assertThat(error("crypto.x509.parse_certificate_request(\"YmFkc3RyaW5n\")"))
        .contains("asn1: structure error");
    assertThat(error("crypto.x509.parse_certificate_request(\"foobar\")"))
        .contains("illegal base64");
  }

  @Test
  void privateKeysMatchTheirCertificates() throws IOException {
    for (String[] pair :
        new String[][] {
          {"rsa-pkcs1.pem", "rsa-cert.pem"},
          {"rsa-pkcs8.pem", "rsa-cert.pem"},
          {"ec.pem", "ec-cert.pem"}
        }) {
      String key = resource(pair[0]);
      String cert = resource(pair[1]);
      ObjectValue k =
          (ObjectValue) ((ArrayValue) eval("crypto.parse_private_keys(" + quote(key) + ")")).get(0);
      ObjectValue pub =
          (ObjectValue)
              ((ObjectValue)
                      ((ArrayValue) eval("crypto.x509.parse_certificates(" + quote(cert) + ")"))
                          .get(0))
                  .get("PublicKey");
      for (Value f : pub.asMap().keySet()) {
        assertThat(k.get(f)).as(pair[0] + " " + f).isEqualTo(pub.get(f));
      }
      ObjectValue kp =
          (ObjectValue) eval("crypto.x509.parse_keypair(" + quote(cert) + ", " + quote(key) + ")");
      assertThat(kp.get("PrivateKey")).isEqualTo(k);
      assertThat(((ArrayValue) kp.get("Certificate")).size()).isEqualTo(1);
    }
    assertThat(
            error(
                "crypto.x509.parse_keypair("
                    + quote(resource("rsa-cert.pem"))
                    + ", "
                    + quote(resource("ec.pem"))
                    + ")"))
        .contains("tls: private key does not match public key");
    ObjectValue rsa =
        (ObjectValue)
            ((ArrayValue)
                    eval("crypto.parse_private_keys(" + quote(resource("rsa-pkcs1.pem")) + ")"))
                .get(0);
    assertThat(((ArrayValue) rsa.get("Primes")).size()).isEqualTo(2);
    assertThat(eval("crypto.parse_private_keys(\"\")")).isEqualTo(NullValue.INSTANCE);
    String both = resource("rsa-pkcs8.pem") + resource("ec.pem");
    String b64 = Base64.getEncoder().encodeToString(both.getBytes(StandardCharsets.US_ASCII));
    assertThat(((ArrayValue) eval("crypto.parse_private_keys(" + quote(b64) + ")")).size())
        .isEqualTo(2);
  }

  @Test
  void ed25519PrivateKeyCarriesItsPublicKey() throws IOException {
    String b64 =
        ((StringValue)
                ((ArrayValue)
                        eval("crypto.parse_private_keys(" + quote(resource("ed25519.pem")) + ")"))
                    .get(0))
            .value();
    byte[] both = Base64.getDecoder().decode(b64);
    String pubPem = resource("ed25519-pub.pem");
    byte[] spki =
        Base64.getMimeDecoder()
            .decode(pubPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    assertThat(java.util.Arrays.copyOfRange(both, 32, 64))
        .isEqualTo(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
  }
}
