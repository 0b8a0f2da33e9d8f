/**
 * Exception mappers: the only place where failures become HTTP responses. Protocol errors keep
 * upstream's status codes and type names; malfunctions become a logged 500 with a generic body.
 */
package io.trustee.kbs.web.error;
