// The fake Discord's short address: it lives in ./fake-discord/.
export * from './fake-discord/index.js';
