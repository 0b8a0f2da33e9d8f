package io.trustee.kbs.resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code containers-policy.json(5)} document, the image signature policy that guests fetch
 * as a KBS resource (e.g. {@code default/security-policy/osc}) and hand to image-rs / the
 * containers/image library. The guest refuses a policy it cannot parse, which stops every image
 * pull of the pod, so the KBS refuses such a document at upload instead.
 *
 * <p>The rules are those of containers/image {@code signature/policy_config.go}: the top level is
 * an object with the required array {@code default} and the optional object {@code transports}
 * (transport name → scope → requirements); every requirements array is non-empty; a requirement is
 * an object whose {@code type} is one of
 *
 * <ul>
 *   <li>{@code insecureAcceptAnything}, {@code reject}: no other member;
 *   <li>{@code signedBy}: {@code keyType} ({@code GPGKeys}, {@code signedByGPGKeys}, {@code
 *       X509Certificates}, {@code signedByX509CAs}), exactly one of {@code keyPath} (string),
 *       {@code keyPaths} (non-empty array of strings), {@code keyData} (base64), optional {@code
 *       signedIdentity};
 *   <li>{@code sigstoreSigned}: exactly one of {@code keyPath}, {@code keyPaths}, {@code keyData},
 *       {@code keyDatas}, {@code fulcio}, {@code pki}; optional {@code rekorPublicKeyPath(s)},
 *       {@code rekorPublicKeyData(s)}, {@code signedIdentity}.
 * </ul>
 *
 * {@code signedIdentity} is an object whose {@code type} is {@code matchExact}, {@code
 * matchRepoDigestOrExact}, {@code matchRepository} (no other member), {@code exactReference}
 * ({@code dockerReference}), {@code exactRepository} ({@code dockerRepository}) or {@code
 * remapIdentity} ({@code prefix}, {@code signedPrefix}). Unknown members are errors everywhere, as
 * in containers/image, and so are duplicate member names. Key paths such as {@code
 * kbs:///default/gpg-keys/quay-io} are not resolved here.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContainersPolicy {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonParser.Feature.ALLOW_COMMENTS)
          .build();

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

  /** The resource type segment that marks a containers security policy. */
  public static final String RESOURCE_TYPE = "security-policy";

  private static final Set<String> SIGNED_BY_KEY_TYPES =
      Set.of("GPGKeys", "signedByGPGKeys", "X509Certificates", "signedByX509CAs");
  private static final List<String> SIGSTORE_KEY_SOURCES =
      List.of("keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "pki");
  private static final Map<String, Set<String>> IDENTITY_MEMBERS =
      Map.of(
          "matchExact", Set.of(),
          "matchRepoDigestOrExact", Set.of(),
          "matchRepository", Set.of(),
          "exactReference", Set.of("dockerReference"),
          "exactRepository", Set.of("dockerRepository"),
          "remapIdentity", Set.of("prefix", "signedPrefix"));

  private ContainersPolicy() {}

  /**
   * Whether a resource at {@code path} is a containers security policy: {@code
   * <repo>/security-policy/<tag>}.
   */
  public static boolean isSecurityPolicy(ResourcePath path) {
    return RESOURCE_TYPE.equals(path.type());
  }

  /**
   * Checks {@code document} (UTF-8 JSON).
   *
   * @throws InvalidContainersPolicyException naming the JSON path of the first error
   */
  public static void validate(byte[] document) throws InvalidContainersPolicyException {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new InvalidContainersPolicyException(
          "$",
          "not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (IOException e) {
      throw new InvalidContainersPolicyException("$", "not valid JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidContainersPolicyException("$", "empty document");
    }
    validate(root);
  }

  /** Checks an already parsed document. */
  public static void validate(JsonNode root) throws InvalidContainersPolicyException {
    requireObject(root, "$");
    onlyMembers(root, "$", Set.of("default", "transports"));
    if (!root.has("default")) {
      throw new InvalidContainersPolicyException("$", "the member \"default\" is required");
    }
    requirements(root.get("default"), "$.default");
    JsonNode transports = root.get("transports");
    if (transports != null) {
      requireObject(transports, "$.transports");
      for (Iterator<Map.Entry<String, JsonNode>> t = transports.fields(); t.hasNext(); ) {
        Map.Entry<String, JsonNode> transport = t.next();
        String tPath = member("$.transports", transport.getKey());
        if (transport.getKey().isEmpty()) {
          throw new InvalidContainersPolicyException(tPath, "a transport name must not be empty");
        }
        requireObject(transport.getValue(), tPath);
        for (Iterator<Map.Entry<String, JsonNode>> s = transport.getValue().fields();
            s.hasNext(); ) {
          Map.Entry<String, JsonNode> scope = s.next();
          requirements(scope.getValue(), member(tPath, scope.getKey()));
        }
      }
    }
  }

  private static void requirements(JsonNode node, String path)
      throws InvalidContainersPolicyException {
    if (node == null || !node.isArray()) {
      throw new InvalidContainersPolicyException(path, "must be an array of policy requirements");
    }
    if (node.isEmpty()) {
      throw new InvalidContainersPolicyException(
          path, "must not be empty (use [{\"type\": \"reject\"}] to refuse everything)");
    }
    for (int i = 0; i < node.size(); i++) {
      requirement(node.get(i), path + "[" + i + "]");
    }
  }

  private static void requirement(JsonNode req, String path)
      throws InvalidContainersPolicyException {
    requireObject(req, path);
    String type = requiredString(req, path, "type");
    switch (type) {
      case "insecureAcceptAnything", "reject" -> onlyMembers(req, path, Set.of("type"));
      case "signedBy" -> signedBy(req, path);
      case "sigstoreSigned" -> sigstoreSigned(req, path);
      default ->
          throw new InvalidContainersPolicyException(
              path + ".type",
              "unknown requirement type \""
                  + type
                  + "\" (insecureAcceptAnything, reject, signedBy, sigstoreSigned)");
    }
  }

  private static void signedBy(JsonNode req, String path) throws InvalidContainersPolicyException {
    onlyMembers(
        req, path, Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"));
    String keyType = requiredString(req, path, "keyType");
    if (!SIGNED_BY_KEY_TYPES.contains(keyType)) {
      throw new InvalidContainersPolicyException(
          path + ".keyType",
          "unknown key type \""
              + keyType
              + "\" (GPGKeys, signedByGPGKeys, X509Certificates, signedByX509CAs)");
    }
    exactlyOneKeySource(req, path, List.of("keyPath", "keyPaths", "keyData"));
    optionalIdentity(req, path);
  }

  private static void sigstoreSigned(JsonNode req, String path)
      throws InvalidContainersPolicyException {
    onlyMembers(
        req,
        path,
        Set.of(
            "type",
            "keyPath",
            "keyPaths",
            "keyData",
            "keyDatas",
            "fulcio",
            "pki",
            "rekorPublicKeyPath",
            "rekorPublicKeyPaths",
            "rekorPublicKeyData",
            "rekorPublicKeyDatas",
            "signedIdentity"));
    exactlyOneKeySource(req, path, SIGSTORE_KEY_SOURCES);
    for (String m : List.of("fulcio", "pki")) {
      if (req.has(m)) {
        requireObject(req.get(m), path + "." + m);
      }
    }
    optionalString(req, path, "rekorPublicKeyPath");
    optionalStrings(req, path, "rekorPublicKeyPaths");
    optionalBase64(req, path, "rekorPublicKeyData");
    optionalBase64s(req, path, "rekorPublicKeyDatas");
    optionalIdentity(req, path);
  }

  private static void exactlyOneKeySource(JsonNode req, String path, List<String> sources)
      throws InvalidContainersPolicyException {
    List<String> present = sources.stream().filter(req::has).toList();
    if (present.size() != 1) {
      throw new InvalidContainersPolicyException(
          path,
          "exactly one of "
              + String.join(", ", sources)
              + " is required"
              + (present.isEmpty() ? "" : " (found " + String.join(", ", present) + ")"));
    }
    optionalString(req, path, "keyPath");
    optionalStrings(req, path, "keyPaths");
    optionalBase64(req, path, "keyData");
    optionalBase64s(req, path, "keyDatas");
  }

  private static void optionalIdentity(JsonNode req, String path)
      throws InvalidContainersPolicyException {
    JsonNode id = req.get("signedIdentity");
    if (id == null) {
      return;
    }
    String idPath = path + ".signedIdentity";
    requireObject(id, idPath);
    String type = requiredString(id, idPath, "type");
    Set<String> members = IDENTITY_MEMBERS.get(type);
    if (members == null) {
      throw new InvalidContainersPolicyException(
          idPath + ".type",
          "unknown identity type \""
              + type
              + "\" (matchExact, matchRepoDigestOrExact, matchRepository, exactReference,"
              + " exactRepository, remapIdentity)");
    }
    java.util.HashSet<String> allowed = new java.util.HashSet<>(members);
    allowed.add("type");
    onlyMembers(id, idPath, allowed);
    for (String m : members) {
      String v = requiredString(id, idPath, m);
      if (v.isEmpty()) {
        throw new InvalidContainersPolicyException(idPath + "." + m, "must not be empty");
      }
    }
  }

  private static void requireObject(JsonNode node, String path)
      throws InvalidContainersPolicyException {
    if (node == null || !node.isObject()) {
      throw new InvalidContainersPolicyException(path, "must be a JSON object");
    }
  }

  private static void onlyMembers(JsonNode node, String path, Set<String> allowed)
      throws InvalidContainersPolicyException {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidContainersPolicyException(member(path, name), "unknown member");
      }
    }
  }

  private static String requiredString(JsonNode node, String path, String name)
      throws InvalidContainersPolicyException {
    JsonNode v = node.get(name);
    if (v == null) {
      throw new InvalidContainersPolicyException(path, "the member \"" + name + "\" is required");
    }
    if (!v.isTextual()) {
      throw new InvalidContainersPolicyException(path + "." + name, "must be a string");
    }
    return v.textValue();
  }

  private static void optionalString(JsonNode node, String path, String name)
      throws InvalidContainersPolicyException {
    if (node.has(name)) {
      if (requiredString(node, path, name).isEmpty()) {
        throw new InvalidContainersPolicyException(path + "." + name, "must not be empty");
      }
    }
  }

  private static void optionalStrings(JsonNode node, String path, String name)
      throws InvalidContainersPolicyException {
    JsonNode v = node.get(name);
    if (v == null) {
      return;
    }
    if (!v.isArray() || v.isEmpty()) {
      throw new InvalidContainersPolicyException(
          path + "." + name, "must be a non-empty array of strings");
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual() || v.get(i).textValue().isEmpty()) {
        throw new InvalidContainersPolicyException(
            path + "." + name + "[" + i + "]", "must be a non-empty string");
      }
    }
  }

  private static void optionalBase64(JsonNode node, String path, String name)
      throws InvalidContainersPolicyException {
    if (node.has(name)) {
      base64(requiredString(node, path, name), path + "." + name);
    }
  }

  private static void optionalBase64s(JsonNode node, String path, String name)
      throws InvalidContainersPolicyException {
    optionalStrings(node, path, name);
    JsonNode v = node.get(name);
    if (v != null) {
      for (int i = 0; i < v.size(); i++) {
        base64(v.get(i).textValue(), path + "." + name + "[" + i + "]");
      }
    }
  }

  private static void base64(String value, String path) throws InvalidContainersPolicyException {
    if (value.isEmpty() || value.length() % 4 != 0 || !BASE64.matcher(value).matches()) {
      throw new InvalidContainersPolicyException(path, "must be standard base64 (RFC 4648 §4)");
    }
  }

  /** {@code $.a.b} for plain names, {@code $.a["quay.io"]} for others. */
  private static String member(String path, String name) {
    if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      return path + "." + name;
    }
    return path + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
