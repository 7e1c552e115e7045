#!/usr/bin/env node
// `koe` entry point: loads the compiled CLI from dist/ (built by `npm install`; rebuilt here when a source
// is newer), so `npx koe` starts in a fraction of a second. `npm run koe` runs the TypeScript through tsx.
import { ensureBuilt, entryUrl } from '../infra/local/build.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // Node 20 here; Lambda runs 22
await ensureBuilt();
await import(entryUrl('koe'));
