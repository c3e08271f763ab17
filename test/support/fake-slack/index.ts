// A local Slack for tests (Web API, Socket Mode, response_urls) and what Slack sends apps: the public surface.
export {
  postToReceiver,
  type ReceiverPost,
  type ReceiverResponse,
  type SlackContentType,
  signSlackRequest,
} from './http-receiver.js';
export { FAKE_SLACK_IDS } from './ids.js';
export {
  type BlockActionInit,
  blockActionsPayload,
  type EventCallbackInit,
  eventCallback,
  interactionBody,
  type SlashCommandInit,
  type StateValue,
  slashCommandBody,
  slashCommandPayload,
  type ViewSubmissionInit,
  viewSubmissionPayload,
} from './payloads.js';
export { createFakeSlack } from './server.js';
export type {
  DisconnectReason,
  EnvelopeOptions,
  EnvelopeType,
  FakeSlack,
  FakeSlackChannel,
  FakeSlackOptions,
  FakeSlackUser,
  HeldCall,
  RecordedCall,
  ResponseUrlPost,
  ScriptedFailure,
  SlackArgs,
  SocketAck,
  StoredMessage,
  StoredView,
} from './types.js';
