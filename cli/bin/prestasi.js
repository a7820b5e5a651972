#!/usr/bin/env node
import { main } from '../dist/main.js';

// A reader that stops early (`prestasi calc … | head`) closes the pipe: that ends the output
// as it would for any Unix tool, rather than in an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
