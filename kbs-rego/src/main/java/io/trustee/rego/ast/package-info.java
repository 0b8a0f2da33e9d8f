/**
 * The abstract syntax tree of Rego modules: terms, literals, rules and modules. Every node is an
 * immutable record carrying the line and column of its source text. The parser builds these nodes
 * and the compiler rewrites them; nothing here evaluates anything.
 */
package io.trustee.rego.ast;
