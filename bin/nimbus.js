#!/usr/bin/env node
// The `nimbus` command. Runs the compiled CLI (npm install builds it through `prepare`).
import "../dist/src/cli/main.js";
