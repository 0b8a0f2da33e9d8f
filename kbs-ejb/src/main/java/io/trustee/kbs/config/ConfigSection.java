package io.trustee.kbs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table of the configuration file being read. Every getter marks its key as known; {@link
 * #finish} reports the keys nobody asked for as unknown. Values are coerced as upstream's {@code
 * config} crate does ({@code "5"} → 5, {@code "true"} → true). Not thread-safe; used only while
 * loading.
 */
final class ConfigSection {
  private final String prefix;
  private final ObjectNode node;
  private final Set<String> seen = new HashSet<>();
  private final List<String> unknown;
  private final List<String> warnings;
  private final boolean checkFiles;

  ConfigSection(String prefix, ObjectNode node, List<String> unknown, List<String> warnings) {
    this(prefix, node, unknown, warnings, true);
  }

  /**
   * @param checkFiles false to accept paths of files that do not exist here (checking a sample
   *     written for another machine); true for a file the server starts with
   */
  ConfigSection(
      String prefix,
      ObjectNode node,
      List<String> unknown,
      List<String> warnings,
      boolean checkFiles) {
    this.prefix = prefix;
    this.node = node;
    this.unknown = unknown;
    this.warnings = warnings;
    this.checkFiles = checkFiles;
  }

  String key(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  private Optional<JsonNode> get(String name) {
    seen.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  Optional<String> string(String name) throws KbsConfigException {
    Optional<JsonNode> v = get(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().isValueNode() || v.get().isBinary()) {
      throw new KbsConfigException(key(name), "must be a string");
    }
    return Optional.of(v.get().asText());
  }

  boolean bool(String name, boolean dflt) throws KbsConfigException {
    Optional<JsonNode> v = get(name);
    if (v.isEmpty()) {
      return dflt;
    }
    JsonNode n = v.get();
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual() && (n.textValue().equals("true") || n.textValue().equals("false"))) {
      return Boolean.parseBoolean(n.textValue());
    }
    throw new KbsConfigException(key(name), "must be true or false");
  }

  long integer(String name, long dflt, long min, long max) throws KbsConfigException {
    Optional<JsonNode> v = get(name);
    if (v.isEmpty()) {
      return dflt;
    }
    JsonNode n = v.get();
    long value;
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      value = n.longValue();
    } else if (n.isTextual() && n.textValue().matches("-?\\d{1,18}")) {
      value = Long.parseLong(n.textValue());
    } else {
      throw new KbsConfigException(key(name), "must be an integer");
    }
    if (value < min || value > max) {
      throw new KbsConfigException(key(name), "must be between " + min + " and " + max);
    }
    return value;
  }

  List<String> stringList(String name) throws KbsConfigException {
    Optional<JsonNode> v = get(name);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isArray()) {
      throw new KbsConfigException(key(name), "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v.get()) {
      if (!e.isTextual()) {
        throw new KbsConfigException(key(name), "must be an array of strings");
      }
      out.add(e.textValue());
    }
    return List.copyOf(out);
  }

  Optional<ConfigSection> table(String name) throws KbsConfigException {
    Optional<JsonNode> v = get(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().isObject()) {
      throw new KbsConfigException(key(name), "must be a table");
    }
    return Optional.of(
        new ConfigSection(key(name), (ObjectNode) v.get(), unknown, warnings, checkFiles));
  }

  List<ConfigSection> tableList(String name) throws KbsConfigException {
    Optional<JsonNode> v = get(name);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isArray()) {
      throw new KbsConfigException(key(name), "must be an array of tables");
    }
    List<ConfigSection> out = new ArrayList<>();
    int i = 0;
    for (JsonNode e : v.get()) {
      if (!e.isObject()) {
        throw new KbsConfigException(key(name) + "[" + i + "]", "must be a table");
      }
      out.add(
          new ConfigSection(
              key(name) + "[" + i + "]", (ObjectNode) e, unknown, warnings, checkFiles));
      i++;
    }
    return out;
  }

  /** A path value; if {@code mustExist}, a missing file is an error naming the key. */
  Optional<Path> path(String name, boolean mustExist) throws KbsConfigException {
    Optional<String> s = string(name);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(checkPath(key(name), s.get(), mustExist));
  }

  Path checkPath(String key, String value, boolean mustExist) throws KbsConfigException {
    Path p;
    try {
      p = Path.of(value.startsWith("file://") ? value.substring("file://".length()) : value);
    } catch (RuntimeException e) {
      throw new KbsConfigException(key, "not a valid path");
    }
    if (mustExist && checkFiles && !Files.isReadable(p)) {
      throw new KbsConfigException(key, "file " + p + " does not exist or is not readable");
    }
    return p;
  }

  /**
   * Marks a key (or a whole table) as known but without effect; if present, one warning {@code
   * ignored: <key> (<why>)}.
   */
  void ignore(String name, String why) {
    seen.add(name);
    if (node.has(name)) {
      warnings.add(ignored(key(name), why));
    }
  }

  /** The one wording of every "no effect" finding, so operators can grep for {@code ignored:}. */
  static String ignored(String key, String why) {
    return "ignored: " + key + " (" + why + ")";
  }

  /** Marks every key of this table that was not read yet as ignored for {@code why}. */
  void ignoreRest(String why) {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String n = it.next();
      if (!seen.contains(n)) {
        ignore(n, why);
      }
    }
  }

  /** An empty table {@code name} below this one (an omitted table read with its defaults). */
  ConfigSection emptyChild(String name) {
    return new ConfigSection(
        key(name), JsonNodeFactory.instance.objectNode(), unknown, warnings, checkFiles);
  }

  /** Reports every key of this table that was not read. */
  void finish() {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String n = it.next();
      if (!seen.contains(n)) {
        unknown.add(key(n));
      }
    }
  }
}
