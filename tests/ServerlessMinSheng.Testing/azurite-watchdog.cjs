// Preloaded into each Azurite server (node --require) so the server exits when the process that
// started it dies, even if that process was killed without a chance to clean up. Same PID as the server.
"use strict";
const parent = Number(process.env.AZURITE_PARENT_PID || 0);
if (parent > 0) {
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000);
  timer.unref();
}
