export { FAST_PACE } from './demo-config.js';
export { runDemo, DemoError, type RunDemoOptions } from './run-demo.js';
