export { bundleClient, WebAssets } from './assets.js';
export { CONTENT_SECURITY_POLICY, registerWebRoutes } from './routes.js';
