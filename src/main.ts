import { main } from './cli.js';

// The process entry of bin/nedetid: `serve` keeps running (main returns -1), the rest exit.
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
