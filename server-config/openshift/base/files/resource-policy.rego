# KBS resource policy of the OpenShift bundle (ConfigMap resource-policy, key policy.rego):
# release a resource only to an az-snp-vtpm guest whose appraisal is "affirming", i.e. whose
# measurement, PCRs, TCB and configuration matched the reference values (attestation policy
# default_cpu). Every submodule of the token must be affirming; the sample attester never gets
# anything; plugins other than "resource" are denied.
#
# data  = the request: {"plugin", "resource-path", "query"}
# input = the verified attestation token claims (EAR payload)
package policy

import rego.v1

default allow := false

allow if {
	data.plugin == "resource"
	cpu := input.submods.cpu0
	cpu["ear.status"] == "affirming"
	is_object(cpu["ear.veraison.annotated-evidence"]["az-snp-vtpm"])
	not cpu["ear.veraison.annotated-evidence"].sample
	every _, submod in input.submods {
		submod["ear.status"] == "affirming"
	}
}
