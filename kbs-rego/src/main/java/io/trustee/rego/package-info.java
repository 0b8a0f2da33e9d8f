/**
 * A pure-Java Rego v1 engine: parser, compiler and evaluator of the Open Policy Agent policy
 * language, with no dependency but RE2J. Compiled policies are immutable and thread-safe.
 */
package io.trustee.rego;
