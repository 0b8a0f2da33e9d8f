/**
 * The builtin functions of Rego, grouped by family (operators, aggregates, strings, objects,
 * encodings, regular expressions, time, ...). {@link io.trustee.rego.builtins.Builtins} is the
 * immutable registry; each builtin is a stateless, thread-safe function of its arguments that
 * signals failures with {@link io.trustee.rego.builtins.BuiltinException}.
 */
package io.trustee.rego.builtins;
