#!/usr/bin/env bash
# The consumer test (test/consumer: the packed package installed into host projects that run against the fakes)
# with the hosts on another Node major: `.ci/consumer-on-node.sh 22`. npm, tsc and vitest stay on the default node;
# only the host processes run on the other one (CONSUMER_NODE). Needs dist/ built (`npm test` builds it).
#
# That Node is the npm registry's node-<platform>-<arch> package (what the `node` package installs), kept in a cache
# directory between runs; `npm install` there moves it to the newest release of the major.
set -euo pipefail
major="${1:?usage: .ci/consumer-on-node.sh <node major, e.g. 22>}"
cd "$(dirname "$0")/.."
package="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
dir="${CONSUMER_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bedrock-discord-bot/consumer-node}/$major"
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$package@$major"
node_bin="$dir/node_modules/$package/bin/node"
echo "consumer test with hosts on Node $("$node_bin" --version)"
CONSUMER_NODE="$node_bin" npx vitest run test/consumer
