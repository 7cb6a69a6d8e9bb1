// Content hashing lives at the schema layer (src/schema/hash.ts); re-exported here for extract's
// modules and the built-in adapters until they import it from the SDK.
export * from '../schema/hash.js';
