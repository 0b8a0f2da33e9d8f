# Stricter KBS resource policy of Trustee for Jakarta EE: release a resource only when the token
# has at least one submodule and every submodule's "ear.status" is "affirming" (trust claims all
# in the affirming tier or "no assertion"). Requests to plugins other than "resource" are denied.
#
# data  = the request: {"plugin", "resource-path", "query"}
# input = the verified attestation token claims (EAR payload)
package policy

import rego.v1

default allow := false

allow if {
	data.plugin == "resource"
	count(input.submods) > 0
	every _, submod in input.submods {
		submod["ear.status"] == "affirming"
	}
}
