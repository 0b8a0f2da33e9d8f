package io.trustee.kbs.web.dto;

import java.util.List;

/** Tiny JSON helpers for responses that are plain lists of strings. */
public final class Json {
  private Json() {}

  /** A JSON array of strings, with JSON string escaping. */
  public static String array(List<String> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(items.get(i)).toString());
    }
    return sb.append(']').toString();
  }
}
