#!/usr/bin/env node
// kflow's executable: a thin shell over the compiled library (dist/, built by `npm install`).
import { main } from '../dist/cli/main.js';

await main();
