export { bundleClient, WebAssets } from './assets.js';
export { CONTENT_SECURITY_POLICY, webApp } from './routes.js';
