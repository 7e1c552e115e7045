import { App } from 'aws-cdk-lib';
import { addKoe } from './koe.js';

// `npm run synth` / `npm run deploy` (cdk.json runs this file with tsx). Options: docs/deploy-aws.md.
const app = new App();
addKoe(app);
app.synth();
