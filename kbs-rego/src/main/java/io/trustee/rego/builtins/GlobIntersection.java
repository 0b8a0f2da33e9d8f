package io.trustee.rego.builtins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code regex.globs_match}: whether two rooted regexp-style globs match a common non-empty string.
 * The only special symbols are {@code .} (any character), {@code +} and {@code *} (one or more,
 * zero or more of the preceding item), {@code [...]} character classes with {@code -} ranges, and
 * {@code \} escaping any symbol. Decided on the product of the two patterns' automata. Stateless.
 */
final class GlobIntersection {
  /** A single-character item: a union of code point ranges (any = one full range). */
  private record Item(List<int[]> ranges, boolean star) {
    boolean overlaps(Item o) {
      for (int[] a : ranges) {
        for (int[] b : o.ranges) {
          if (a[0] <= b[1] && b[0] <= a[1]) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private GlobIntersection() {}

  static boolean nonEmpty(String g1, String g2) {
    List<Item> a = parse(g1, 1);
    List<Item> b = parse(g2, 2);
    // state: position in a, position in b, whether a character has been consumed
    Deque<int[]> todo = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    push(todo, seen, 0, 0, 0);
    while (!todo.isEmpty()) {
      int[] s = todo.pop();
      int i = s[0];
      int j = s[1];
      int consumed = s[2];
      if (i == a.size() && j == b.size() && consumed == 1) {
        return true;
      }
      // epsilon moves: skip a starred item on either side
      if (i < a.size() && a.get(i).star()) {
        push(todo, seen, i + 1, j, consumed);
      }
      if (j < b.size() && b.get(j).star()) {
        push(todo, seen, i, j + 1, consumed);
      }
      // consume one character both items accept
      if (i < a.size() && j < b.size() && a.get(i).overlaps(b.get(j))) {
        push(todo, seen, a.get(i).star() ? i : i + 1, b.get(j).star() ? j : j + 1, 1);
      }
    }
    return false;
  }

  private static void push(Deque<int[]> todo, Set<Long> seen, int i, int j, int c) {
    long key = ((long) i << 33) | ((long) j << 1) | c;
    if (seen.add(key)) {
      todo.push(new int[] {i, j, c});
    }
  }

  /** Items of a glob; {@code x+} becomes {@code x x*}. */
  private static List<Item> parse(String g, int operand) {
    List<Item> out = new ArrayList<>();
    int[] cps = g.codePoints().toArray();
    int i = 0;
    while (i < cps.length) {
      int c = cps[i];
      List<int[]> ranges = new ArrayList<>();
      if (c == '*' || c == '+') {
        throw BuiltinException.error(
            "operand " + operand + ": glob has a " + (char) c + " that follows nothing");
      }
      if (c == '.') {
        ranges.add(new int[] {0, Character.MAX_CODE_POINT});
        i++;
      } else if (c == '\\') {
        if (i + 1 >= cps.length) {
          throw BuiltinException.error("operand " + operand + ": glob ends with an escape");
        }
        ranges.add(new int[] {cps[i + 1], cps[i + 1]});
        i += 2;
      } else if (c == '[') {
        i++;
        boolean closed = false;
        while (i < cps.length) {
          int lo = cps[i];
          if (lo == ']') {
            closed = true;
            i++;
            break;
          }
          if (lo == '\\') {
            if (i + 1 >= cps.length) {
              break;
            }
            lo = cps[++i];
          }
          i++;
          int hi = lo;
          if (i + 1 < cps.length && cps[i] == '-' && cps[i + 1] != ']') {
            hi = cps[i + 1];
            if (hi == '\\' && i + 2 < cps.length) {
              hi = cps[i + 2];
              i++;
            }
            i += 2;
            if (hi < lo) {
              throw BuiltinException.error(
                  "operand " + operand + ": glob has an invalid character class range");
            }
          }
          ranges.add(new int[] {lo, hi});
        }
        if (!closed) {
          throw BuiltinException.error(
              "operand " + operand + ": glob has an unterminated character class");
        }
        if (ranges.isEmpty()) {
          throw BuiltinException.error(
              "operand " + operand + ": glob has an empty character class");
        }
      } else if (c == ']') {
        throw BuiltinException.error("operand " + operand + ": glob has an unmatched ]");
      } else {
        ranges.add(new int[] {c, c});
        i++;
      }
      if (i < cps.length && cps[i] == '*') {
        out.add(new Item(ranges, true));
        i++;
      } else if (i < cps.length && cps[i] == '+') {
        out.add(new Item(ranges, false));
        out.add(new Item(ranges, true));
        i++;
      } else {
        out.add(new Item(ranges, false));
      }
    }
    return out;
  }
}
