// `serve` takes SIGHUP as "reload the schedule", but its handler exists only once the first
// load is done, and until then SIGHUP's default action ends the process (issue 9). So it is
// ignored from the first line, before the modules load: the first load reads the file as it is.
if (process.argv[2] === 'serve') process.on('SIGHUP', () => {});
const { main } = await import('./cli/commands.js');

// The process entry of bin/nedetid: `serve` keeps running (main returns -1), the rest exit.
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
