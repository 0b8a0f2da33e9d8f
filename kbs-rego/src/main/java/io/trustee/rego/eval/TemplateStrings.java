package io.trustee.rego.eval;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Term;

/**
 * Renders template strings ({@code $"Hello, {input.name}!"}). The parser turns a template into
 * {@code internal.template_string([parts...])} where literal text is a string and each expression a
 * set comprehension of its values: an empty set renders as {@code <undefined>}, one value as itself
 * (a string verbatim, anything else in Rego syntax such as {@code ["a", "b"]} or {@code set()}),
 * and more than one value is an error. Stateless.
 */
final class TemplateStrings {
  /** The name of the internal call; not a builtin a policy can name. */
  static final String CALL = "internal.template_string";

  private TemplateStrings() {}

  static Value render(Evaluator ev, Value[] args, Term.Call c) {
    StringBuilder sb = new StringBuilder();
    for (Value part : ((ArrayValue) args[0]).items()) {
      if (part instanceof StringValue s) {
        sb.append(s.value());
        continue;
      }
      SetValue vals = (SetValue) part;
      if (vals.size() == 0) {
        sb.append("<undefined>");
      } else if (vals.size() > 1) {
        throw ev.err(
            RegoEvalException.CONFLICT_ERROR,
            "template-strings must not produce multiple outputs",
            c.line(),
            c.col());
      } else {
        Value v = vals.sorted().get(0);
        sb.append(v instanceof StringValue s ? s.value() : v.toString());
      }
    }
    return StringValue.of(sb.toString());
  }
}
