import { createKoeApp } from './koe.js';

// `npm run synth` / `npm run deploy` (cdk.json runs this file with tsx). Options: docs/deploy-aws.md.
createKoeApp().app.synth();
