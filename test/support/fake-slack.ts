// The fake Slack's old address, kept so existing imports work: it lives in ./fake-slack/.
export * from './fake-slack/index.js';
