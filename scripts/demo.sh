#!/usr/bin/env bash
# `npm run demo`: sets up what is missing on this machine (npm packages, the libvirt lab, the
# Pulumi CLI), then runs the quickstart stack with `pulumi up` and prints how to reach the VM.
# `npm run demo -- destroy` removes the quickstart VM again.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
ACTION="${1:-up}"

[ -d node_modules/@pulumi/pulumi ] || npm install --no-audit --no-fund
npm run --silent build
bash scripts/lab/host-up.sh
. scripts/lib/pulumi-env.sh

# The program imports "@voidvm/pulumi" as users do: link this package into its own node_modules.
mkdir -p node_modules/@voidvm
ln -sfn ../.. node_modules/@voidvm/pulumi

STACK=dev
pulumi stack select "$STACK" --create >/dev/null
lab() { node -e "process.stdout.write(String(require('./.voidvm/host.json')$1))"; }
pulumi config set voidvm:host "$(lab .host)"
pulumi config set voidvm:port "$(lab .port)"
pulumi config set voidvm:user "$(lab .user)"
pulumi config set voidvm:hostKey "$(lab .hostKey)"
pulumi config set voidvm:pool "$(lab .pool)"
# The key goes in on stdin, encrypted in the stack config: never on a command line.
pulumi config set --secret voidvm:privateKey < "$(lab .privateKeyPath)"
pulumi config set quickstart:kernel "$(lab .guest.kernel)"
pulumi config set quickstart:initrd "$(lab .guest.initrd)"
pulumi config set quickstart:network "$(lab .network)"

if [ "$ACTION" = "destroy" ]; then
  pulumi destroy --yes --stack "$STACK"
  exit 0
fi
pulumi up --yes --stack "$STACK"
URL="$(pulumi stack output url)"
cat <<TXT

The quickstart VM "$(pulumi stack output vmName)" is $(pulumi stack output state).
  Reach it:      curl $URL
  Change it:     edit examples/quickstart/index.ts, then: npm run demo
  Remove it:     npm run demo -- destroy
  Pulumi CLI:    export PATH="$PULUMI_BIN:\$PATH" PULUMI_BACKEND_URL="$PULUMI_BACKEND_URL" PULUMI_CONFIG_PASSPHRASE_FILE="$PULUMI_CONFIG_PASSPHRASE_FILE"
TXT
