// Loaded by bootstrap.mjs while a pre-started runtime waits in the warm pool: exercising the
// CommonJS loader once makes the function's own require() faster on a cold start.
module.exports = { warm: true };
