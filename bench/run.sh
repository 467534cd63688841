#!/usr/bin/env bash
# Webhook delivery benchmark (loopback): builds the packaged app if needed, then runs bench/WebhookBench.java.
# Sizes: BASELINE_REQUESTS, WEBHOOKS, BACKLOG_CONNECTIONS, LATENCY_CONNECTIONS, POLL_CONNECTIONS; port: PORT.
# REBUILD=1 packages the app again. Results: stdout and target/bench/results.md; Tether logs in target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/quarkus-app/quarkus-run.jar || "${REBUILD:-0}" == 1 ]]; then
  ./mvnw -B -q package -DskipTests
fi
exec java bench/WebhookBench.java
