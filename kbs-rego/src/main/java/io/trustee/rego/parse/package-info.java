/**
 * The Rego v1 lexer and recursive-descent parser. They turn module and query text into the
 * immutable AST of {@code io.trustee.rego.ast}, reporting syntax errors with line and column.
 * Instances are single-use and not thread-safe; the static entry points are.
 */
package io.trustee.rego.parse;
