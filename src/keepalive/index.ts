export { createSleepAssertion, type SleepAssertion } from './assertion.js';
export { createSleepDetector, type SleepDetector, type WakeEvent } from './sleep-detector.js';
