/**
 * The label every integration test puts on what it creates (containers, networks, volumes),
 * with a value from `uniqueName(...)`, so `removeLabelled(testLabel, value)` cleans up exactly
 * that test's objects even when other test runs share the engine.
 */
export const testLabel = 'io.docker-flow.test';
