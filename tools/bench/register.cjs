// Runs the bench's TypeScript directly: point @swc-node/register at this project's tsconfig
// (for the @parley/contract path alias) before loading it. Forked children inherit the env.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, 'tsconfig.json');
require('@swc-node/register');
