package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a JSON array as a text table: one row per element, one column per {@link Column} (a
 * header and a JSON pointer into the element), columns padded to their widest cell and separated by
 * two spaces, the last one not padded. A missing or null field shows as {@code -}, an object or
 * array as compact JSON; line breaks and tabs in values become spaces so that a row stays one line.
 * Stateless.
 */
final class Table {
  private Table() {}

  /** A column: its header and where its value is in a row ({@code ""} = the row itself). */
  record Column(String header, String pointer) {
    Column {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(pointer, "pointer");
    }
  }

  static Column col(String header, String pointer) {
    return new Column(header, pointer);
  }

  static String render(JsonNode rows, List<Column> columns) {
    List<String[]> lines = new ArrayList<>();
    lines.add(columns.stream().map(Column::header).toArray(String[]::new));
    for (JsonNode row : rows) {
      lines.add(columns.stream().map(c -> cell(row.at(c.pointer()))).toArray(String[]::new));
    }
    int[] width = new int[columns.size()];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        sb.append(l[i]);
        if (i < l.length - 1) {
          sb.append(" ".repeat(width[i] - l[i].length() + 2));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String cell(JsonNode v) {
    String s;
    if (v == null || v.isMissingNode() || v.isNull()) {
      s = "-";
    } else if (v.isContainerNode()) {
      s = v.toString();
    } else {
      s = v.asText();
    }
    return s.replaceAll("[\\r\\n\\t]", " ");
  }
}
