// Chaos and scale-out tests (test/chaos): multi-process, one at a time, minutes long. `npm run test:chaos`.
const base = require('./jest.config');
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
  testPathIgnorePatterns: [],
  maxWorkers: 1,
  testTimeout: 240000,
};
