# Stricter KBS resource policy of Trustee for Jakarta EE: release a resource only when the token
# has at least one submodule, every submodule's "ear.status" is "affirming" (trust claims all in
# the affirming tier or "no assertion") and no submodule comes from the "sample" attester.
# Requests to plugins other than "resource" are denied.
#
# Differences from upstream's kbs/sample_policies/affirming.rego: that example ignores the plugin,
# and it releases to the sample attester once sample reference values make it affirming. This
# policy is meant to be stricter than resource_default, which never releases to the sample
# attester, so it refuses both.
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
		not submod["ear.veraison.annotated-evidence"].sample
	}
}
