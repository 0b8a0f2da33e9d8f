#!/usr/bin/env bash
# The README's "Try it" walkthrough as a script: a secret, a simulated az-snp-vtpm guest that is
# refused until its reference values are registered, then served, then refused again with one PCR
# changed. Every command of the README's steps block is here, in the same order (QuickstartScriptTest
# checks it; QuickstartIT runs this script against the integration-test server).
#
# Run it from the project root against the development server of `mvn -Prun -DskipTests -DskipITs
# install` (its defaults below), on a fresh data directory. Labs only: it replaces the resource
# policy and registers reference values.
#
#   examples/quickstart.sh [--url URL] [--cacert PEM] [--admin-key PEM] [--amd-dir DIR]
#
# Environment (the options win): KBS_URL (https://localhost:8080), KBS_CACERT (none: the server's
# self-signed certificate is accepted unchecked with --insecure-tls), KBS_ADMIN_KEY
# (data/admin/admin-private.pem), KBS_AMD_DIR (data/amd: the server's kbs.amd.certs-dir, where the
# simulator's test AMD chain goes), KBS_CLIENT (java -jar kbs-client/target/kbs-client.jar).
set -euo pipefail

usage() {
  sed -n '11p' "$0" | sed 's/^#   //'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --url) KBS_URL=$2; shift 2 ;;
    --cacert) KBS_CACERT=$2; shift 2 ;;
    --admin-key) KBS_ADMIN_KEY=$2; shift 2 ;;
    --amd-dir) KBS_AMD_DIR=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "quickstart: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

K="${KBS_CLIENT:-java -jar kbs-client/target/kbs-client.jar}"
if [ -n "${KBS_CACERT:-}" ]; then
  S="--url ${KBS_URL:-https://localhost:8080} --cacert $KBS_CACERT"
else
  S="--url ${KBS_URL:-https://localhost:8080} --insecure-tls"
fi
A="$S --admin-key ${KBS_ADMIN_KEY:-data/admin/admin-private.pem}"
AMD="${KBS_AMD_DIR:-data/amd}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

step() {
  printf '\n== %s\n' "$*"
}

step "1. store a secret"
printf 'my first secret' > $W/key1
$K set-resource default/app/key1 --file $W/key1 $A

step "2. the sample TEE asks for it: refused by the default resource policy"
$K get-resource default/app/key1 $S || true

step "3. release secrets only to affirming az-snp-vtpm guests (the OpenShift bundle's policy)"
$K set-resource-policy --file server-config/openshift/base/files/resource-policy.rego $A

step "4. a simulated az-snp-vtpm guest asks: refused, no reference values"
$K get-resource default/app/key1 --tee az-snp-vtpm --sim-chain-dir $AMD $S || true

step "5. why: the appraisals that were not affirming"
$K appraisals --failed $A

step "6. register the platform values, and the guest's measurement from its appraisal"
$K register-rv --file examples/az-snp-vtpm-platform.json $A
$K promote --latest --tee az-snp-vtpm $A

step "7. the same guest asks again: refused, the next missing value named (PCR 11); promote it too"
$K get-resource default/app/key1 --tee az-snp-vtpm --sim-chain-dir $AMD $S || true
$K promote --latest --tee az-snp-vtpm $A

step "8. the same guest asks again: it gets the secret"
$K get-resource default/app/key1 --tee az-snp-vtpm --sim-chain-dir $AMD $S

step "9. the same guest with a different PCR 11: refused, the PCR named"
$K get-resource default/app/key1 --tee az-snp-vtpm --sim-chain-dir $AMD --sim-pcr 11=0000000000000000000000000000000000000000000000000000000000000000 $S || true

step "quickstart: done"
