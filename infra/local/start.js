// `npm start`: the compiled local stack (dist/local.js), rebuilt first when a source is newer than it.
import { ensureBuilt, entryUrl } from './build.js';

// The SDK's notice that Node 20 support ends in 2027 would print at every start; Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await ensureBuilt();
await import(entryUrl('local'));
