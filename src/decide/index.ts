// The decide stage (DESIGN §9): propose (policy + match), people's decisions, the review queue,
// and the stage that runs them over the store.
export * from './policy.js';
export * from './propose.js';
export * from './stage.js';
export * from './people.js';
export * from './review.js';
export * from './listings.js';
