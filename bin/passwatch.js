#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npm ci && npx passwatch` needs no build step.
import { register } from 'tsx/esm/api';

register();
// `passwatch passes ... | head`: a reader that goes away is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
