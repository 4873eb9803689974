// Test environment: quiet logs unless asked; never reach the real network by accident.
process.env.LOG_LEVEL ??= 'silent';
